// Sprig list and dict functions.

import type { FuncDef } from '../exec';
import { PStr } from '../pstr';
import { GoMap, Value, deepCopy, goTypeName, isTrue, plain } from '../values';
import { deepEqual, fn, GoError, kindName, sliceElems, strslice, strval, stringList, toInt64, typedList, nondeterministic } from './util';

function listOf(v: Value, op: string): Value[] {
  const e = sliceElems(v);
  if (e) return e;
  if (v === null || v === undefined) throw new GoError('runtime error: invalid memory address or nil pointer dereference');
  throw new GoError(`Cannot ${op} on type ${kindName(v)}`);
}

function dictArgs(args: Value[]): GoMap {
  const m: GoMap = new Map();
  for (let i = 0; i < args.length; i += 2) {
    const k = strval(args[i] ?? null);
    m.set(k, i + 1 < args.length ? plain(args[i + 1]) : '');
  }
  return m;
}

function isEmpty(v: Value): boolean {
  return !isTrue(v);
}

/**
 * mergo.Merge / mergo.WithOverride of map values (Sprig merge / mergeOverwrite), as dario.cat/mergo v1 does it for
 * map[string]interface{}: a nil source value is skipped (set as nil when overwriting); a source map merges into a
 * destination map in place; otherwise the source value (the very same map or list, not a copy) is set when
 * overwriting or when the destination is missing or empty.
 */
function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const [k, sv] of src) {
    if (sv === null || sv === undefined) {
      if (overwrite) dst.set(k, null);
      continue;
    }
    const had = dst.has(k);
    const dv = dst.get(k);
    // A source list replaces the destination's when overwriting, even an empty one.
    if (Array.isArray(sv) && overwrite) {
      dst.set(k, sv);
      continue;
    }
    if (sv instanceof Map && dv instanceof Map) mergeInto(dv, sv, overwrite);
    if (had && !isEmpty(dv)) {
      if (Array.isArray(sv)) continue;
      if (sv instanceof Map && dv instanceof Map) continue;
    }
    if (overwrite || !had || isEmpty(dv)) dst.set(k, sv);
  }
}

function uniq(l: Value[]): Value[] {
  const out: Value[] = [];
  for (const x of l) if (!out.some((y) => deepEqual(x, y))) out.push(x);
  return out;
}

function digFromDict(dict: GoMap, def: Value, ks: string[]): Value {
  const [k, ...ns] = ks;
  if (!dict.has(k)) return def;
  const step = dict.get(k);
  if (ns.length === 0) return step;
  if (!(step instanceof Map)) throw new GoError(`interface conversion: interface {} is ${goTypeName(step)}, not map[string]interface {}`);
  return digFromDict(step, def, ns);
}

/** Sprig's slice (it shadows Go's builtin in Helm): reflect's Slice, whose panic text becomes the error. */
function sliceList(list: Value, idx: Value[]): Value {
  if (list === null || list === undefined) throw new GoError('runtime error: invalid memory address or nil pointer dereference');
  const l = sliceElems(list);
  if (!l) throw new GoError(`list should be type of slice or array but ${kindName(list)}`);
  const n = l.length;
  if (n === 0) return null;
  let a = 0;
  let b = n;
  if (idx.length > 0) a = Number(toInt64(idx[0]));
  if (idx.length > 1) b = Number(toInt64(idx[1]));
  if (a < 0 || b > n || a > b) throw new GoError('reflect.Value.Slice: slice index out of bounds');
  return l.slice(a, b);
}

export const COLLECTION_FUNCS: Record<string, FuncDef> = {
  list: fn([], (a) => a.map(plain), { variadic: 'any' }),
  tuple: fn([], (a) => a.map(plain), { variadic: 'any' }),
  dict: fn([], (a) => dictArgs(a), { variadic: 'any' }),
  get: fn(['map', 'string'], ([d, k]) => {
    const m = d as GoMap;
    return m.has(k as string) ? m.get(k as string) : '';
  }),
  set: fn(['map', 'string', 'any'], ([d, k, v]) => {
    (d as GoMap).set(k as string, v);
    return d;
  }),
  unset: fn(['map', 'string'], ([d, k]) => {
    (d as GoMap).delete(k as string);
    return d;
  }),
  hasKey: fn(['map', 'string'], ([d, k]) => (d as GoMap).has(k as string)),
  pluck: fn(
    ['string'],
    ([k, ...ds]) => {
      const out: Value[] = [];
      for (const d of ds) if ((d as GoMap).has(k as string)) out.push((d as GoMap).get(k as string));
      return out;
    },
    { variadic: 'map' },
  ),
  keys: nondeterministic('map-order', fn(
    [],
    (ds) => {
      const out: string[] = [];
      for (const d of ds) out.push(...(d as GoMap).keys());
      return stringList(out);
    },
    { variadic: 'map' },
  )),
  pick: fn(
    ['map'],
    ([d, ...ks]) => {
      const m: GoMap = new Map();
      for (const k of ks) if ((d as GoMap).has(k as string)) m.set(k as string, (d as GoMap).get(k as string));
      return m;
    },
    { variadic: 'string' },
  ),
  omit: fn(
    ['map'],
    ([d, ...ks]) => {
      const m: GoMap = new Map();
      const skip = new Set(ks as string[]);
      for (const [k, v] of d as GoMap) if (!skip.has(k)) m.set(k, v);
      return m;
    },
    { variadic: 'string' },
  ),
  values: nondeterministic('map-order', fn(['map'], ([d]) => [...(d as GoMap).values()])),
  merge: fn(
    ['map'],
    ([dst, ...srcs]) => {
      for (const s of srcs) mergeInto(dst as GoMap, s as GoMap, false);
      return dst;
    },
    { variadic: 'map' },
  ),
  mergeOverwrite: fn(
    ['map'],
    ([dst, ...srcs]) => {
      for (const s of srcs) mergeInto(dst as GoMap, s as GoMap, true);
      return dst;
    },
    { variadic: 'map' },
  ),
  deepCopy: fn(['any'], ([v]) => deepCopy(v)),
  dig: fn(
    [],
    (ps) => {
      if (ps.length < 3) throw new GoError('dig needs at least three arguments');
      const dict = ps[ps.length - 1];
      if (!(dict instanceof Map) || (dict as { goType?: string }).goType) {
        throw new GoError(`interface conversion: interface {} is ${dict === null || dict === undefined ? 'nil' : goTypeName(dict)}, not map[string]interface {}`);
      }
      const ks = ps.slice(0, -2).map((k) => {
        if (typeof k !== 'string') throw new GoError(`interface conversion: interface {} is ${goTypeName(k)}, not string`);
        return k;
      });
      return digFromDict(dict, ps[ps.length - 2], ks);
    },
    { variadic: 'any' },
  ),
  append: fn(['any', 'any'], ([l, v]) => [...listOf(l, 'push'), v]),
  push: fn(['any', 'any'], ([l, v]) => [...listOf(l, 'push'), v]),
  prepend: fn(['any', 'any'], ([l, v]) => [v, ...listOf(l, 'prepend')]),
  first: fn(['any'], ([l]) => {
    const a = listOf(l, 'find first');
    return a.length ? a[0] : null;
  }),
  last: fn(['any'], ([l]) => {
    const a = listOf(l, 'find last');
    return a.length ? a[a.length - 1] : null;
  }),
  rest: fn(['any'], ([l]) => {
    const a = listOf(l, 'find rest');
    // Sprig returns a nil []interface{} for an empty list: it prints as [] (and is null in JSON).
    return a.length ? a.slice(1) : Object.assign([], { nil: true });
  }),
  initial: fn(['any'], ([l]) => {
    const a = listOf(l, 'find initial');
    return a.length ? a.slice(0, -1) : Object.assign([], { nil: true });
  }),
  reverse: fn(['any'], ([l]) => [...listOf(l, 'find reverse')].reverse()),
  uniq: fn(['any'], ([l]) => uniq(listOf(l, 'find uniq'))),
  without: fn(['any'], ([l, ...omit]) => listOf(l, 'find without').filter((x) => !omit.some((o) => deepEqual(x, o))), { variadic: 'any' }),
  has: fn(['any', 'any'], ([needle, hay]) => {
    if (hay === null || hay === undefined) return false;
    const e = sliceElems(hay);
    if (!e) throw new GoError(`Cannot find has on type ${kindName(hay)}`);
    return e.some((x) => deepEqual(needle, x));
  }),
  compact: fn(['any'], ([l]) => listOf(l, 'compact').filter((x) => !isEmpty(x))),
  concat: fn(
    [],
    (ls) => {
      const out: Value[] = [];
      for (const l of ls) {
        const e = sliceElems(l);
        if (!e) throw new GoError(`Cannot concat type ${kindName(l)} as list`);
        out.push(...e);
      }
      return out;
    },
    { variadic: 'any' },
  ),
  slice: fn(['any'], ([l, ...idx]) => sliceList(l, idx), { variadic: 'any' }),
  chunk: fn(['int', 'any'], ([n, l]) => {
    const a = listOf(l, 'chunk');
    const size = Number(n);
    const out: Value[] = [];
    for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size));
    return typedList(out, '[]interface {}');
  }),
  sortAlpha: fn(['any'], ([l]) => {
    if (sliceElems(l)) return stringList(strslice(l).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    return stringList([strval(l)]);
  }),
  join: fn(['string', 'any'], ([sep, l]) => strslice(l).join(sep as string)),
  toStrings: fn(['any'], ([l]) => stringList(strslice(l))),
  default: fn(
    ['any'],
    ([d, ...given]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]),
    { variadic: 'any', keep: true },
  ),
  empty: fn(['any'], ([v]) => isEmpty(v instanceof PStr ? v.s : v)),
  coalesce: fn([], (vs) => vs.find((v) => !isEmpty(v)) ?? null, { variadic: 'any', keep: true }),
  all: fn([], (vs) => vs.every((v) => !isEmpty(v)), { variadic: 'any' }),
  any: fn([], (vs) => vs.some((v) => !isEmpty(v)), { variadic: 'any' }),
  ternary: fn(['any', 'any', 'bool'], ([a, b, c]) => (c ? a : b), { keep: true }),
};

// must* variants behave the same except that errors are returned instead of panicking: same text for us.
for (const name of ['merge', 'mergeOverwrite', 'deepCopy', 'append', 'push', 'prepend', 'first', 'last', 'rest', 'initial', 'reverse', 'uniq', 'without', 'has', 'compact', 'slice', 'chunk']) {
  const f = COLLECTION_FUNCS[name];
  COLLECTION_FUNCS['must' + name[0].toUpperCase() + name.slice(1)] = f;
}
