// The Go value model used by the template engine.
//
// JS representation of Go values (kept small so the executor stays fast):
//   undefined        an invalid reflect.Value ("no value": missing data after a pipeline)
//   null             a nil interface{} (e.g. a missing map key before a pipeline unwraps it, `nil`)
//   boolean          bool
//   string | PStr    string (PStr carries provenance, see pstr.ts)
//   number           float64 (every number read from YAML values is float64, as in Helm)
//   bigint           int (template integer literals, len, until, ...)
//   Int64            int64 (Sprig arithmetic, --set integers)
//   GoList (Array)   []interface{} (or a typed slice when `elemType` is set)
//   Uint8Array       []byte
//   GoMap (Map)      map[string]interface{}
//   GoStruct         a Go struct/pointer with fields and methods (.Chart, .Capabilities, .Files)

import { PStr } from './pstr';

export class Int64 {
  constructor(readonly v: bigint) {}
}

export type GoMap = Map<string, Value>;
export type GoList = Value[] & { elemType?: string };

/** A method on a GoStruct; receives already-evaluated, type-checked arguments. */
export interface GoMethod {
  params: ParamType[];
  variadic?: ParamType;
  fn: (...args: Value[]) => Value;
}

export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Map<string, Value>,
    readonly methods: Record<string, GoMethod> = {},
    /** How fmt prints it (Go's String() method or `&{...}`). */
    readonly stringer?: () => string,
    /** Backing JS data for built-in types (e.g. the Date of a time.Time). */
    readonly native?: unknown,
    /** What encoding/json produces for it (struct json tags), when not the default. */
    readonly json?: () => Value,
  ) {}
}

export type Value =
  | undefined
  | null
  | boolean
  | string
  | PStr
  | number
  | bigint
  | Int64
  | Value[]
  | Uint8Array
  | GoMap
  | GoStruct;

/** Parameter types of Go functions as the executor checks them (mirrors reflect assignability). */
export type ParamType = 'any' | 'string' | 'int' | 'int64' | 'float64' | 'bool' | 'map' | 'list' | 'strings' | 'bytes';

export const PARAM_GO_TYPE: Record<ParamType, string> = {
  any: 'interface {}',
  string: 'string',
  int: 'int',
  int64: 'int64',
  float64: 'float64',
  bool: 'bool',
  map: 'map[string]interface {}',
  list: '[]interface {}',
  strings: '[]string',
  bytes: '[]uint8',
};

export function isMap(v: Value): v is GoMap {
  return v instanceof Map;
}
export function isList(v: Value): v is Value[] {
  return Array.isArray(v);
}
export function isStr(v: Value): v is string | PStr {
  return typeof v === 'string' || v instanceof PStr;
}
/** Plain text of a string value. */
export function str(v: string | PStr): string {
  return typeof v === 'string' ? v : v.s;
}
/** Drops provenance: functions that don't propagate it see plain strings. */
export function plain(v: Value): Value {
  return v instanceof PStr ? v.s : v;
}

/** Go type name as fmt's %T / Sprig's typeOf print it. */
export function goTypeName(v: Value): string {
  if (v === undefined || v === null) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
  }
  if (v instanceof PStr) return 'string';
  if (v instanceof Int64) return 'int64';
  if (Array.isArray(v)) return '[]' + ((v as GoList).elemType ?? 'interface {}');
  if (v instanceof Uint8Array) return '[]uint8';
  if (v instanceof Map) return (v as { goType?: string }).goType ?? 'map[string]interface {}';
  if (v instanceof GoStruct) return v.typeName;
  return 'interface {}';
}

/** reflect.Kind name as Sprig's kindOf prints it. */
export function goKindName(v: Value): string {
  if (v === undefined || v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
  }
  if (v instanceof PStr) return 'string';
  if (v instanceof Int64) return 'int64';
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof Map) return 'map';
  if (v instanceof GoStruct) return v.typeName.startsWith('*') ? 'ptr' : 'struct';
  return 'invalid';
}

/** Go's template truth: non-zero, non-empty, non-nil. `ok` false for values that have no truth (never here). */
export function isTrue(v: Value): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
  }
  if (v instanceof PStr) return v.s.length > 0;
  if (v instanceof Int64) return v.v !== 0n;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  // A named map type (Helm's engine.files, e.g. an empty .Files.Glob) is true when it has entries; structs always are.
  if (v instanceof GoStruct && v.native instanceof Map) return v.native.size > 0;
  return true;
}

/** Basic kinds used by eq/lt (Go's basicKind). */
export type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid';
export function basicKind(v: Value): BasicKind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint' || v instanceof Int64) return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string' || v instanceof PStr) return 'string';
  return 'invalid';
}

export function intValue(v: Value): bigint {
  return typeof v === 'bigint' ? v : v instanceof Int64 ? v.v : 0n;
}

/** Wraps a bigint to Go's int64 range (two's complement overflow like Go). */
export function wrap64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

/** A deep copy of maps and lists (Go's copystructure as used by deepCopy). */
export function deepCopy(v: Value): Value {
  if (v instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, x] of v) m.set(k, deepCopy(x));
    return m;
  }
  if (Array.isArray(v)) {
    const l: GoList = v.map(deepCopy);
    if ((v as GoList).elemType) l.elemType = (v as GoList).elemType;
    return l;
  }
  if (v instanceof Uint8Array) return new Uint8Array(v);
  return v;
}

/** Keys of a Go map in fmt/template order (sorted byte-wise; JS code-unit order matches for BMP text). */
export function sortedKeys(m: GoMap): string[] {
  return [...m.keys()].sort(compareGoStrings);
}

export function compareGoStrings(a: string, b: string): number {
  // Go compares UTF-8 bytes; UTF-16 unit order differs only between astral and U+E000+ characters (ignored).
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Converts a plain JS structure (from JSON/YAML parsing) into engine values. `intsAsFloat` mirrors encoding/json. */
export function fromJS(x: unknown): Value {
  if (x === null || x === undefined) return null;
  if (typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number' || typeof x === 'bigint') return x;
  if (Array.isArray(x)) return x.map(fromJS);
  if (x instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, v] of x) m.set(String(k), fromJS(v));
    return m;
  }
  if (typeof x === 'object') {
    const m: GoMap = new Map();
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) m.set(k, fromJS(v));
    return m;
  }
  return null;
}
