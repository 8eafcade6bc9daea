// Helm's own template functions (pkg/engine/funcs.go and the late-bound include/tpl/required).

import { CallContext, ExecError, FuncDef } from '../exec';
import { goQuote } from '../gofmt';
import { ParseError } from '../parser';
import { PBuilder, PStr, preplaceAll } from '../pstr';
import { TreeSet, parseCached } from '../templates';
import { GoMap, Value, str } from '../values';
import { marshalJson, parseJson, parseYamlValuesCached, toYaml, toYamlPretty } from '../yaml';
import { fn, GoError } from './util';

/** Helm's tpl: renders a string as a template (named "gotpl") that sees every define of the chart. */
function tpl(text: string, data: Value, ctx: CallContext): string | PStr {
  let trees;
  try {
    trees = parseCached('gotpl', text, undefined, ctx.exec.funcs);
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
    ctx.exec.execute(trees.get('gotpl') ?? set.lookup('gotpl')!, data, out, undefined, set);
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
    return v;
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
    return v;
  } catch (e) {
    return [`error converting YAML to JSON: ${(e as Error).message}`];
  }
}

/** BurntSushi/toml encoding of a map (scalars and inline arrays first, then [tables]). */
function toToml(v: Value): string {
  if (!(v instanceof Map)) return 'toml: top-level values must be Go maps or structs';
  const out: string[] = [];
  const scalar = (x: Value): string => {
    if (typeof x === 'string' || x instanceof PStr) return goQuote(str(x));
    if (typeof x === 'number') return Number.isInteger(x) ? x.toFixed(1) : String(x);
    if (Array.isArray(x)) return '[' + x.map(scalar).join(', ') + ']';
    if (x === null || x === undefined) return '""';
    return String(x instanceof Object && 'v' in x ? (x as { v: bigint }).v : x);
  };
  const quoteKey = (k: string): string => (/^[A-Za-z0-9_-]+$/.test(k) ? k : goQuote(k));
  const table = (m: GoMap, prefix: string, indent: string): void => {
    const keys = [...m.keys()].sort();
    for (const k of keys) {
      const x = m.get(k);
      if (x instanceof Map || x === null || x === undefined) continue;
      out.push(`${indent}${quoteKey(k)} = ${scalar(x)}`);
    }
    for (const k of keys) {
      const x = m.get(k);
      if (!(x instanceof Map)) continue;
      const name = prefix ? `${prefix}.${quoteKey(k)}` : quoteKey(k);
      // BurntSushi/toml writes a blank line before top-level tables only.
      if (!prefix) out.push('');
      out.push(`${indent}[${name}]`);
      table(x, name, indent + '  ');
    }
  };
  table(v, '', '');
  return out.join('\n').replace(/^\n/, '') + '\n';
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
  fromToml: fn(['string'], () => new Map()),
  // helm template has no cluster: lookup always returns an empty map.
  lookup: fn(['string', 'string', 'string', 'string'], () => new Map()),
};

/** Added in Helm 4 (pkg/engine/funcs.go): like toYaml and toJson, but a marshalling error fails the render. */
export const HELM4_FUNCS: Record<string, FuncDef> = {
  mustToYaml: fn(['any'], ([v]) => toYaml(v)),
  mustToJson: fn(['any'], ([v]) => {
    try {
      return marshalJson(v);
    } catch (e) {
      throw new GoError((e as Error).message);
    }
  }),
};

