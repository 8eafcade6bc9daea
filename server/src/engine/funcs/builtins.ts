// Go text/template builtin functions (funcs.go): and, or, not, len, index, slice, print*, html, js, urlquery, eq...

import type { FuncDef } from '../exec';
import { sprint, sprintf, sprintln } from '../gofmt';
import { PStr } from '../pstr';
import { GoStruct, Int64, Value, basicKind, goTypeName, intValue, isTrue, str } from '../values';
import { byteLen, fn, GoError, goBytesOf, goStringOf } from './util';

/** Unwraps a nil interface to "invalid" like Go's indirectInterface. */
const ind = (v: Value): Value => (v === null ? undefined : v instanceof PStr ? v.s : v);

function typeForMsg(v: Value): string {
  return v === undefined || v === null ? '<nil>' : goTypeName(v);
}

function indexArg(index: Value, cap: number): number {
  const i = ind(index);
  if (typeof i === 'bigint' || i instanceof Int64) {
    const x = intValue(i);
    if (x < 0n || x > BigInt(cap)) throw new GoError(`index out of range: ${x}`);
    return Number(x);
  }
  if (i === undefined) throw new GoError('cannot index slice/array with nil');
  throw new GoError(`cannot index slice/array with type ${goTypeName(i)}`);
}

/** A named map or slice type with methods (Helm's engine.files, chartutil.VersionSet) as its map or slice. */
const asMap = (v: Value): Value => (v instanceof GoStruct && (v.native instanceof Map || Array.isArray(v.native)) ? (v.native as Map<string, Value> | Value[]) : v);

function index(item: Value, ...indexes: Value[]): Value {
  let v = asMap(ind(item));
  if (v === undefined) throw new GoError('index of untyped nil');
  for (const ix of indexes) {
    if (v === null || v === undefined) throw new GoError('index of nil pointer');
    if (typeof v === 'string' || Array.isArray(v) || v instanceof Uint8Array) {
      const len: number = typeof v === 'string' ? byteLen(v) : v.length;
      const x = indexArg(ix, len);
      if (x === len) throw new GoError(typeof v === 'string' ? 'reflect: string index out of range' : 'reflect: slice index out of range');
      if (typeof v === 'string') v = BigInt(goBytesOf(v)[x]);
      else if (v instanceof Uint8Array) v = BigInt(v[x]);
      else v = v[x];
    } else if (v instanceof Map) {
      const k = ind(ix);
      // prepareArg: a nil key cannot become the map's string key type.
      if (k === undefined || k === null) throw new GoError('value is nil; should be of type string');
      if (typeof k !== 'string') throw new GoError(`value has type ${goTypeName(k)}; should be string`);
      v = v.has(k) ? v.get(k) : null;
    } else {
      throw new GoError(`can't index item of type ${goTypeName(v)}`);
    }
  }
  return v;
}

function slice(item: Value, ...indexes: Value[]): Value {
  const v = ind(item);
  if (v === undefined) throw new GoError('slice of untyped nil');
  if (indexes.length > 3) throw new GoError(`too many slice indexes: ${indexes.length}`);
  if (typeof v === 'string') {
    if (indexes.length === 3) throw new GoError('cannot 3-index slice a string');
  } else if (!Array.isArray(v) && !(v instanceof Uint8Array)) {
    throw new GoError(`can't slice item of type ${goTypeName(v)}`);
  }
  const len = typeof v === 'string' ? byteLen(v) : v.length;
  const idx = [0, len];
  for (let i = 0; i < indexes.length; i++) {
    const x = indexArg(indexes[i], len);
    idx[i] = x;
  }
  if (idx[0] > idx[1]) throw new GoError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (typeof v === 'string') return goStringOf(goBytesOf(v).subarray(idx[0], idx[1]));
  return v.slice(idx[0], idx[1]) as Value;
}

function length(item: Value): Value {
  const v = asMap(item instanceof PStr ? item.s : item);
  if (v === null || v === undefined) throw new GoError('len of nil pointer');
  if (typeof v === 'string') return BigInt(byteLen(v));
  if (Array.isArray(v) || v instanceof Uint8Array) return BigInt(v.length);
  if (v instanceof Map) return BigInt(v.size);
  throw new GoError(`len of type ${goTypeName(v)}`);
}

const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';

function isNilish(v: Value): boolean {
  return v === undefined || v === null;
}

export function eq(a1: Value, ...rest: Value[]): boolean {
  const a = ind(a1);
  if (rest.length === 0) throw new GoError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b0 of rest) {
    const b = ind(b0);
    const k2 = basicKind(b);
    let truth = false;
    if (k1 !== k2) {
      if (a !== undefined && b !== undefined) throw new GoError(errBadComparison);
    } else {
      switch (k1) {
        case 'bool':
        case 'float':
          truth = a === b;
          break;
        case 'int':
          truth = intValue(a) === intValue(b);
          break;
        case 'string':
          truth = str(a as string) === str(b as string);
          break;
        default:
          if (isNilish(a) || isNilish(b)) truth = isNilish(a) === isNilish(b);
          else if (Array.isArray(b) || b instanceof Map || b instanceof Uint8Array) {
            throw new GoError(`non-comparable type ${sprint([b])}: ${goTypeName(b)}`);
          } else if (goTypeName(a) !== goTypeName(b)) {
            throw new GoError(`non-comparable types ${sprint([a])}: ${goTypeName(a)}, ${goTypeName(b)}: ${sprint([b])}`);
          } else truth = a === b;
      }
    }
    if (truth) return true;
  }
  return false;
}

export function lt(a1: Value, b1: Value): boolean {
  const a = ind(a1);
  const b = ind(b1);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new GoError(errBadComparisonType);
  if (k1 !== k2) throw new GoError(errBadComparison);
  switch (k1) {
    case 'bool':
      throw new GoError(errBadComparisonType);
    case 'float':
      return (a as number) < (b as number);
    case 'int':
      return intValue(a) < intValue(b);
    default:
      return str(a as string) < str(b as string);
  }
}

function le(a: Value, b: Value): boolean {
  return lt(a, b) || eq(a, b);
}

const HTML_ESC: Record<string, string> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\0': '\uFFFD' };

/** Go's evalArgs: a single string argument as is, else fmt.Sprint. */
function evalArgs(args: Value[]): string {
  if (args.length === 1 && (typeof args[0] === 'string' || args[0] instanceof PStr)) return str(args[0] as string);
  // printableValue: a nil argument prints as "<no value>" (a string operand for fmt.Sprint's spacing).
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
    }
    if (c < 0x20 || (c >= 0x7f && !/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch))) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export const BUILTINS: Record<string, FuncDef> = {
  and: { params: ['any'], variadic: 'any', lazy: 'and', fn: () => undefined },
  or: { params: ['any'], variadic: 'any', lazy: 'or', fn: () => undefined },
  not: fn(['any'], ([a]) => !isTrue(a)),
  len: fn(['any'], ([a]) => length(a)),
  index: fn(['any'], ([a, ...ix]) => index(a, ...ix), { variadic: 'any' }),
  slice: fn(['any'], ([a, ...ix]) => slice(a, ...ix), { variadic: 'any' }),
  print: fn([], (a) => sprint(a), { variadic: 'any' }),
  printf: fn(['string'], ([f, ...a]) => sprintf(str(f as string), a), { variadic: 'any' }),
  println: fn([], (a) => sprintln(a), { variadic: 'any' }),
  html: fn([], (a) => evalArgs(a).replace(/["'&<>\0]/g, (c) => HTML_ESC[c]), { variadic: 'any' }),
  js: fn([], (a) => jsEscape(evalArgs(a)), { variadic: 'any' }),
  urlquery: fn([], (a) => queryEscape(evalArgs(a)), { variadic: 'any' }),
  call: fn(
    ['any'],
    ([f], ctx) => {
      if (f === null || f === undefined) throw new GoError('call of nil');
      throw new GoError(`non-function ${ctx.exec.callee} of type ${typeForMsg(f)}`);
    },
    { variadic: 'any' },
  ),
  eq: fn(['any'], ([a, ...b]) => eq(a, ...b), { variadic: 'any' }),
  ne: fn(['any', 'any'], ([a, b]) => !eq(a, b)),
  lt: fn(['any', 'any'], ([a, b]) => lt(a, b)),
  le: fn(['any', 'any'], ([a, b]) => le(a, b)),
  gt: fn(['any', 'any'], ([a, b]) => !le(a, b)),
  ge: fn(['any', 'any'], ([a, b]) => !lt(a, b)),
};
