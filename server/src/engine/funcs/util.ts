// Shared helpers for template functions: definitions, Go-like conversions (spf13/cast as Sprig uses it).

import type { CallContext, FuncDef, Nondeterminism } from '../exec';
import { sprintValue } from '../gofmt';
import { PStr } from '../pstr';
import { GoList, GoStruct, Int64, ParamType, Value } from '../values';
import { goBytesOf, goStringOf } from '../gostring';

export { goBytesOf, goStringOf };

export function fn(params: ParamType[], f: (a: Value[], ctx: CallContext) => Value, opts: { variadic?: ParamType; keep?: boolean } = {}): FuncDef {
  return { params, variadic: opts.variadic, keepProvenance: opts.keep, fn: f };
}

/** Marks a function whose result can differ between two renders of the same input. */
export function nondeterministic(kind: Nondeterminism, def: FuncDef): FuncDef {
  return { ...def, nondeterministic: kind };
}

/** Error text for functions, like Go's errors.New. */
export class GoError extends Error {}

/** Sprig's strval: the string form of any value. */
export function strval(v: Value): string {
  if (typeof v === 'string') return v;
  if (v instanceof PStr) return v.s;
  if (v instanceof Uint8Array) return goStringOf(v);
  if (v instanceof GoStruct && v.stringer) return v.stringer();
  return sprintValue(v === undefined ? null : v);
}

function trimZeroDecimal(s: string): string {
  const i = s.indexOf('.');
  if (i < 0) return s;
  return /^0*$/.test(s.slice(i + 1)) && i > 0 ? s.slice(0, i) : s;
}

/** strconv.ParseInt(s, 0, 64); undefined on error. */
export function parseIntBase0(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|0(_?[0-7])*|[1-9](_?[0-9])*)$/.exec(s);
  if (!m) return undefined;
  let body = m[2].replace(/_/g, '');
  if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
  const v = BigInt(body.replace(/^0X/, '0x').replace(/^0O/, '0o').replace(/^0B/, '0b'));
  const r = m[1] === '-' ? -v : v;
  if (r < -(1n << 63n) || r >= 1n << 63n) return undefined;
  return r;
}

/** cast.ToInt64. */
export function toInt64(v: Value): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof Int64) return v.v;
  if (typeof v === 'number') {
    // Go's float64 -> int64 conversion on amd64 yields MinInt64 for NaN and out-of-range values.
    if (!Number.isFinite(v) || v >= 9223372036854775808 || v < -9223372036854775808) return -(1n << 63n);
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string' || v instanceof PStr) return parseIntBase0(trimZeroDecimal(typeof v === 'string' ? v : v.s)) ?? 0n;
  return 0n;
}

/** cast.ToFloat64. */
export function toFloat64(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Int64) return Number(v.v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' || v instanceof PStr) {
    const s = (typeof v === 'string' ? v : v.s).replace(/_/g, '');
    if (/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|[iI]nf(inity)?|NaN)$/.test(s)) {
      return /inf/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : s === 'NaN' ? NaN : Number(s);
    }
    return 0;
  }
  return 0;
}

/** Elements of a Go slice/array value, or undefined when `v` isn't one. */
export function sliceElems(v: Value): Value[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return [...v].map((b) => BigInt(b));
  return undefined;
}

/** Go's reflect.Kind name of a value for "Cannot X on type Y" messages. */
export function kindName(v: Value): string {
  if (v === null || v === undefined) return 'invalid';
  if (typeof v === 'string' || v instanceof PStr) return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (v instanceof Int64) return 'int64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof Map) return 'map';
  return 'struct';
}

export function stringList(items: string[]): GoList {
  const l: GoList = items;
  l.elemType = 'string';
  return l;
}

export function typedList(items: Value[], elemType: string): GoList {
  const l: GoList = items;
  l.elemType = elemType;
  return l;
}

/** Sprig's strslice: list of strings from a slice (nils dropped) or a single value. */
export function strslice(v: Value): string[] {
  const e = sliceElems(v);
  if (e) return e.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

/** reflect.DeepEqual for engine values. */
export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a instanceof PStr) a = a.s;
  if (b instanceof PStr) b = b.s;
  if (a === b) return true;
  if (a instanceof Int64 && b instanceof Int64) return a.v === b.v;
  if (Array.isArray(a) && Array.isArray(b)) {
    if ((a as GoList).elemType !== (b as GoList).elemType) return false;
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, x] of a) if (!b.has(k) || !deepEqual(x, b.get(k))) return false;
    return true;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  return false;
}

/** Go string byte length (UTF-8). */
export function byteLen(s: string): number {
  return /[\udc80-\udcff]/.test(s) ? goBytesOf(s).length : Buffer.byteLength(s, 'utf8');
}

/** Go's s[a:b] on bytes (a, b byte offsets); exact for ASCII, decodes otherwise. */
export function byteSlice(s: string, a: number, b?: number): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.slice(a, b);
  return goStringOf(goBytesOf(s).subarray(a, b));
}

export function isAscii(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s);
}

