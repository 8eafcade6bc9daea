// Helm's own template functions (pkg/engine/funcs.go and the late-bound include/tpl/required).

import { CallContext, ExecError, FuncDef } from '../exec';
import { goQuote } from '../gofmt';
import { ParseError } from '../parser';
import { PBuilder, PStr, preplaceAll } from '../pstr';
import { TreeSet, parseCached } from '../templates';
import { GoMap, GoStruct, Int64, Value, deepCopy, str } from '../values';
import { formatFloat } from '../gofmt';
import { makeTime } from './dates';
import { marshalJson, parseJson, parseYamlValuesCached, toYaml, toYamlPretty } from '../yaml';
import { fn, GoError } from './util';

// smol-toml (a spec-compliant TOML 1.0 parser) ships ESM types; its CommonJS build is what Node and esbuild load here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml, TomlDate, TomlError } = require('smol-toml') as typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });

/** Helm's tpl: renders a string as a template (named "gotpl") that sees every define of the chart. */
function tpl(text: string, data: Value, ctx: CallContext): string | PStr {
  const hasFunction = (n: string): boolean => ctx.exec.funcs.has(n);
  let trees;
  try {
    trees = parseCached('gotpl', text, undefined, hasFunction);
  } catch (e) {
    if (e instanceof ParseError) throw new GoError(`cannot parse template ${goQuote(text)}: ${e.message}`);
    throw e;
  }
  const set = new TreeSet('gotpl', ctx.state.set);
  set.add(trees);
  const out = new PBuilder();
  try {
    // Helm executes the template it just parsed (t.New(name).Parse), even when it is empty and so was not installed in
    // the set over an earlier non-empty "gotpl" (a nested tpl of ""): never the enclosing tpl's text again.
    // As for include, a nil interface becomes an invalid dot (fields of it are "no value").
    ctx.exec.execute(trees.get('gotpl') ?? set.lookup('gotpl')!, data === null ? undefined : data, out, undefined, set);
  } catch (e) {
    if (e instanceof ExecError) throw new ExecError(`error during tpl function execution for ${goQuote(text)}: ${e.message}`, e.span);
    throw e;
  }
  return preplaceAll(out.build(), '<no value>', '');
}

function fromYaml(s: string): Value {
  try {
    const v = parseYamlValuesCached(s);
    if (v === null) return new Map();
    if (!(v instanceof Map)) {
      const kind = Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'number';
      return new Map<string, Value>([['Error', `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`]]);
    }
    // A copy: the parse is cached by text, and `set`/`merge` on the result must not reach other calls.
    return deepCopy(v);
  } catch (e) {
    return new Map<string, Value>([['Error', `error converting YAML to JSON: ${(e as Error).message}`]]);
  }
}

function fromYamlArray(s: string): Value {
  try {
    const v = parseYamlValuesCached(s);
    if (v === null) return [];
    if (!Array.isArray(v)) {
      const kind = v instanceof Map ? 'object' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'number';
      return [`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type []interface {}`];
    }
    return deepCopy(v);
  } catch (e) {
    return [`error converting YAML to JSON: ${(e as Error).message}`];
  }
}

/** BurntSushi/toml's quoting of strings and keys (its own escapes, not Go's %q). */
function tomlQuote(t: string): string {
  const esc: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
  // eslint-disable-next-line no-control-regex
  return '"' + t.replace(/["\\\x00-\x1f\x7f]/g, (c) => esc[c] ?? `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`) + '"';
}

const isTomlTable = (x: Value): x is GoMap => x instanceof Map || (x instanceof GoStruct && !(x.native instanceof Date));
const tableOf = (x: GoMap | GoStruct): GoMap => (x instanceof Map ? x : x.fields);
/** An array is written as [[tables]] when every element is a table. */
const isTableArray = (x: Value): x is Value[] => Array.isArray(x) && x.length > 0 && x.every((e) => e !== null && e !== undefined && isTomlTable(e));

/**
 * BurntSushi/toml 1.4's Encoder (as Helm's toToml uses it): per table the plain keys first, then sub-tables and arrays
 * of tables, keys sorted; nested headers indented two spaces per level; a blank line before every [[array]] and
 * top-level [table] (but not at the very start).
 */
function toToml(v: Value): string {
  if (!(v instanceof Map)) return 'toml: top-level values must be Go maps or structs';
  let out = '';
  const newline = (): void => {
    if (out) out += '\n';
  };
  const quoteKey = (k: string): string => (/^[A-Za-z0-9_-]+$/.test(k) ? k : tomlQuote(k));
  const element = (x: Value): string => {
    if (typeof x === 'string' || x instanceof PStr) return tomlQuote(str(x));
    if (typeof x === 'number') {
      if (Number.isNaN(x)) return 'nan';
      if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
      const f = formatFloat(x, 'f', -1);
      return f.includes('.') ? f : f + '.0';
    }
    if (typeof x === 'bigint') return x.toString();
    if (x instanceof Int64) return x.v.toString();
    if (typeof x === 'boolean') return String(x);
    if (Array.isArray(x)) return '[' + x.filter((e) => e !== null && e !== undefined).map(element).join(', ') + ']';
    if (x instanceof GoStruct && x.native instanceof Date) return x.native.toISOString().replace('.000Z', 'Z');
    if (x instanceof Map || x instanceof GoStruct) {
      const m = tableOf(x);
      return '{' + [...m.keys()].sort().filter((k) => m.get(k) !== null && m.get(k) !== undefined).map((k) => `${quoteKey(k)} = ${element(m.get(k))}`).join(', ') + '}';
    }
    return '""';
  };
  const table = (m: GoMap, key: string[]): void => {
    const keys = [...m.keys()].sort();
    const sub: string[] = [];
    for (const k of keys) {
      const x = m.get(k);
      if (x === null || x === undefined) continue;
      if (isTomlTable(x) || isTableArray(x)) sub.push(k);
      else {
        out += `${key.length ? '  '.repeat(key.length) : ''}${quoteKey(k)} = ${element(x)}`;
        newline();
      }
    }
    for (const k of sub) {
      const x = m.get(k)!;
      const full = [...key, k];
      const name = full.map(quoteKey).join('.');
      const pad = '  '.repeat(full.length - 1);
      if (isTableArray(x)) {
        for (const e of x) {
          newline();
          out += `${pad}[[${name}]]`;
          newline();
          table(tableOf(e as GoMap | GoStruct), full);
        }
      } else {
        if (full.length === 1) newline();
        out += `${pad}[${name}]`;
        newline();
        table(tableOf(x as GoMap | GoStruct), full);
      }
    }
  };
  table(v, []);
  return out;
}

/** A TOML value as BurntSushi/toml decodes it into interface{}: int64, float64, time.Time, []interface{}, maps. */
function fromTomlValue(x: unknown): Value {
  if (typeof x === 'bigint') return new Int64(x);
  if (x instanceof TomlDate) return x.isDateTime() && !x.isLocal() ? makeTime(new Date(x.getTime())) : x.toISOString();
  if (Array.isArray(x)) return x.map(fromTomlValue);
  if (x !== null && typeof x === 'object') return new Map(Object.entries(x).map(([k, e]) => [k, fromTomlValue(e)]));
  return x as Value;
}

/** Helm's fromToml: the table, or a map with the parser's error under "Error". */
function fromToml(text: string): Value {
  try {
    return fromTomlValue(parseToml(text, { integersAsBigInt: true }));
  } catch (e) {
    const msg = e instanceof TomlError ? e.message.split('\n')[0] : String(e);
    return new Map<string, Value>([['Error', `toml: ${msg}`]]);
  }
}

export const HELM_FUNCS: Record<string, FuncDef> = {
  include: fn(['string', 'any'], ([name, data], ctx) => ctx.exec.include(name as string, data, ctx.state.set)),
  tpl: fn(['string', 'any'], ([text, data], ctx) => tpl(text as string, data, ctx)),
  required: fn(
    ['string', 'any'],
    ([warn, val]) => {
      if (val === null || val === undefined) throw new GoError(str(warn as string));
      if ((typeof val === 'string' || val instanceof PStr) && str(val) === '') throw new GoError(str(warn as string));
      return val;
    },
    { keep: true },
  ),
  toYaml: fn(['any'], ([v]) => toYaml(v)),
  toYamlPretty: fn(['any'], ([v]) => toYamlPretty(v)),
  fromYaml: fn(['string'], ([s]) => fromYaml(s as string)),
  fromYamlArray: fn(['string'], ([s]) => fromYamlArray(s as string)),
  toJson: fn(['any'], ([v]) => {
    try {
      return marshalJson(v);
    } catch {
      return '';
    }
  }),
  fromJson: fn(['string'], ([s]) => {
    try {
      const v = parseJson(s as string);
      if (v === null) return new Map();
      if (!(v instanceof Map)) throw new Error(`json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}`);
      return v;
    } catch (e) {
      return new Map<string, Value>([['Error', (e as Error).message]]);
    }
  }),
  fromJsonArray: fn(['string'], ([s]) => {
    try {
      const v = parseJson(s as string);
      if (v === null) return [];
      if (!Array.isArray(v)) throw new Error(`json: cannot unmarshal object into Go value of type []interface {}`);
      return v;
    } catch (e) {
      return [(e as Error).message];
    }
  }),
  toToml: fn(['any'], ([v]) => toToml(v)),
  fromToml: fn(['string'], ([t]) => fromToml(str(t as string))),
  // helm template has no cluster: lookup always returns an empty map.
  lookup: fn(['string', 'string', 'string', 'string'], () => new Map()),
};
