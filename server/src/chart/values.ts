// Helm's value handling: merging -f files, --set parsing (strvals), and coalescing chart defaults with user values
// (pkg/chartutil/coalesce.go), including globals propagated to subcharts.

import { Int64, type GoMap, type Value } from '../engine';

const isTable = (v: Value): v is GoMap => v instanceof Map;

function copyDeep(v: Value): Value {
  if (v instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, x] of v) m.set(k, copyDeep(x));
    return m;
  }
  if (Array.isArray(v)) return v.map(copyDeep);
  return v;
}
export { copyDeep };

/** helm's mergeMaps for -f files: b wins, maps merged recursively. */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = new Map(a);
  for (const [k, v] of b) {
    const av = out.get(k);
    if (isTable(v) && isTable(av)) out.set(k, mergeMaps(av, v));
    else out.set(k, v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// --set (pkg/strvals), the common subset: a.b=c, x=y, lists {a,b}, indices a[0]=x, a[0].b=c, escapes with \.

export class SetParseError extends Error {}

/** strvals typedVal: booleans, null, int64; everything else stays a string. */
function typedVal(val: string): Value {
  if (val.toLowerCase() === 'true') return true;
  if (val.toLowerCase() === 'false') return false;
  if (val.toLowerCase() === 'null') return null;
  if (val === '0') return new Int64(0n);
  if (val.length && val[0] !== '0' && /^[+-]?\d+$/.test(val)) {
    const b = BigInt(val);
    if (b >= -(1n << 63n) && b < 1n << 63n) return new Int64(b);
  }
  return val;
}

class SetParser {
  private i = 0;
  /** `strings`: --set-string, where no value is typed. */
  constructor(
    private s: string,
    private strings = false,
  ) {}

  private val(v: string): Value {
    return this.strings ? v : typedVal(v);
  }

  /** Reads until one of `stops` (unescaped); returns the text and the stop char ('' at end). */
  private until(stops: string): [string, string] {
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (c === '\\' && this.i < this.s.length) {
        out += this.s[this.i++];
        continue;
      }
      if (stops.includes(c)) return [out, c];
      out += c;
    }
    return [out, ''];
  }

  parse(target: GoMap): void {
    while (this.i < this.s.length) this.key(target);
  }

  private key(data: GoMap): void {
    const [k, stop] = this.until('=[,.');
    switch (stop) {
      case '':
        if (k === '') return;
        throw new SetParseError(`key "${k}" has no value`);
      case ',':
        throw new SetParseError(`key "${k}" has no value (cannot end with ,)`);
      case '=': {
        if (this.s[this.i] === '{') {
          this.i++;
          const [body] = this.until('}');
          data.set(k, body === '' ? [] : body.split(',').map((v) => this.val(v)));
          if (this.s[this.i] === ',') this.i++;
          return;
        }
        const [v] = this.until(',');
        data.set(k, this.val(v));
        return;
      }
      case '.': {
        let inner = data.get(k);
        if (!isTable(inner)) {
          inner = new Map();
          data.set(k, inner);
        }
        this.key(inner);
        return;
      }
      case '[': {
        let list = data.get(k);
        if (!Array.isArray(list)) list = [];
        data.set(k, this.listItem(list as Value[]));
        return;
      }
    }
  }

  /** After "name[": parses "N]" and what follows; returns the updated list. */
  private listItem(list: Value[]): Value[] {
    const [idxText] = this.until(']');
    const idx = parseInt(idxText, 10);
    if (!/^\d+$/.test(idxText)) throw new SetParseError(`failed to parse index: ${idxText}`);
    while (list.length <= idx) list.push(null);
    const c = this.s[this.i++];
    if (c === '=') {
      const [v] = this.until(',');
      list[idx] = this.val(v);
    } else if (c === '.') {
      let inner = list[idx];
      if (!isTable(inner)) inner = new Map();
      this.key(inner as GoMap);
      list[idx] = inner;
    } else if (c === '[') {
      const sub = Array.isArray(list[idx]) ? (list[idx] as Value[]) : [];
      list[idx] = this.listItem(sub);
    } else throw new SetParseError(`unexpected data at end of array index`);
    return list;
  }
}

/** Applies one `--set` expression to `target`. Throws SetParseError. */
export function parseSet(expr: string, target: GoMap, strings = false): void {
  new SetParser(expr, strings).parse(target);
}

// ---------------------------------------------------------------------------------------------------------------
// Coalescing

export interface ValuesChart {
  name: string;
  values: GoMap;
  dependencies: ValuesChart[];
}

/** coalesceTablesFullKey: dst (user) wins over src (defaults). */
export function coalesceTables(dst: GoMap, src: GoMap, merge: boolean): GoMap {
  for (const [k, v] of dst) if (v === null) src.set(k, null);
  for (const [k, val] of src) {
    const has = dst.has(k);
    const dv = dst.get(k);
    if (has && !merge && dv === null) dst.delete(k);
    else if (!has) dst.set(k, val);
    else if (isTable(val)) {
      if (isTable(dv)) coalesceTables(dv, val, merge);
    }
  }
  return dst;
}

function coalesceValues(c: ValuesChart, v: GoMap, merge: boolean): void {
  const vc = copyDeep(c.values) as GoMap;
  for (const [key, val] of vc) {
    if (v.has(key)) {
      const value = v.get(key);
      if (value === null && !merge) v.delete(key);
      else if (isTable(value) && isTable(val)) {
        const childMerge = c.dependencies.some((d) => d.name === key) ? true : merge;
        coalesceTables(value, val, childMerge);
      }
    } else v.set(key, val);
  }
}

function coalesceGlobals(dest: GoMap, src: GoMap): void {
  let dg = dest.get('global');
  if (dg === undefined) dg = new Map();
  else if (!isTable(dg)) return;
  let sg = src.get('global');
  if (sg === undefined) sg = new Map();
  else if (!isTable(sg)) return;
  for (const [key, val] of sg) {
    if (isTable(val)) {
      const vv = copyDeep(val) as GoMap;
      const destv = dg.get(key);
      if (destv === undefined && !dg.has(key)) dg.set(key, vv);
      else if (isTable(destv)) {
        coalesceTables(vv, destv, true);
        dg.set(key, vv);
      }
    } else if (!isTable(dg.get(key))) {
      dg.set(key, val);
    }
  }
  dest.set('global', dg);
}

function coalesceDeps(c: ValuesChart, dest: GoMap, merge: boolean): GoMap {
  for (const sub of c.dependencies) {
    let dv = dest.get(sub.name);
    if (dv === undefined || (dv === null && !dest.has(sub.name))) {
      dv = new Map();
      dest.set(sub.name, dv);
    } else if (!isTable(dv)) {
      throw new Error(`type mismatch on ${sub.name}: ${String(dv)}`);
    }
    coalesceGlobals(dv, dest);
    dest.set(sub.name, coalesce(sub, dv, merge));
  }
  return dest;
}

function coalesce(c: ValuesChart, dest: GoMap, merge: boolean): GoMap {
  coalesceValues(c, dest, merge);
  return coalesceDeps(c, dest, merge);
}

/** chartutil.MergeValues: like CoalesceValues but null values are kept. */
export function mergeChartValues(c: ValuesChart, user: GoMap): GoMap {
  return coalesce(c, copyDeep(user) as GoMap, true);
}

/** chartutil.CoalesceValues: user values over chart defaults, recursively for subcharts. */
export function coalesceChartValues(c: ValuesChart, user: GoMap): GoMap {
  return coalesce(c, copyDeep(user) as GoMap, false);
}

/** chartutil.Values.PathValue: a dotted path to a non-table value. */
export function pathValue(v: GoMap, path: string): { ok: boolean; value: Value } {
  const parts = path.split('.');
  let cur: Value = v;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!isTable(cur)) return { ok: false, value: null };
    cur = cur.get(parts[i]);
  }
  if (!isTable(cur) || !cur.has(parts[parts.length - 1])) return { ok: false, value: null };
  const value = cur.get(parts[parts.length - 1]);
  if (isTable(value)) return { ok: false, value: null };
  return { ok: true, value };
}
