// values.schema.json validation as Helm 3.17.3 does it (Helm 4's is schema4.ts) (chartutil.ValidateAgainstSchema with xeipuuv/gojsonschema):
// the chart's coalesced values against its schema, each subchart's values against the subchart's schema, with
// gojsonschema's messages ("- field: description"). Helm prints violations in random order; we sort them.

import { RE2JS } from 're2js';
import { isMap as yamlIsMap, isSeq as yamlIsSeq, parseDocument } from 'yaml';
import { Int64, PStr, marshalJson, type GoMap, type Value } from '../engine';
import { Lru } from '../util/lru';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A local `$ref` (`#/definitions/a~1b`, a JSON pointer) in `root`; other refs are not followed. */
export function resolvePointer(root: Json, ref: string): Json | undefined {
  if (!ref.startsWith('#')) return undefined;
  let cur: Json = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const k = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!cur || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(k)] : cur[k];
  }
  return cur;
}

export interface SchemaViolation {
  /** gojsonschema's field: `(root)`, `image.tag`, `list.0`. */
  field: string;
  /** Path of keys to the offending value (for locating it in a values file). */
  path: string[];
  description: string;
}

/** Engine values to plain JSON as Helm's yaml->json round trip sees them. */
export function toJson(v: Value): Json {
  if (v === undefined || v === null) return null;
  if (v instanceof PStr) return v.s;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Int64) return Number(v.v);
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof Map) {
    const o: { [k: string]: Json } = {};
    for (const [k, x] of v) o[k] = toJson(x);
    return o;
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function equal(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

const jsonText = (v: Json): string => JSON.stringify(v);

/** net.ParseIP. */
function parseIp(s: string): 4 | 6 | undefined {
  const v4 = (t: string) => /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(t);
  if (v4(s)) return 4;
  if (!s.includes(':')) return undefined;
  let t = s;
  const lastColon = t.lastIndexOf(':');
  let groups = 8;
  if (t.slice(lastColon + 1).includes('.')) {
    if (!v4(t.slice(lastColon + 1))) return undefined;
    t = t.slice(0, lastColon + 1) + '0:0';
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const parts = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (!parts.flat().every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const n = parts.flat().length;
  if (halves.length === 1 ? n !== groups : n > groups - 1) return undefined;
  groups = 0;
  return 6;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const validDate = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
const TIME = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** gojsonschema's format checkers (others are not checked). */
const FORMATS: Record<string, (s: string) => boolean> = {
  'date-time': (s) => {
    const i = s.indexOf('T');
    const d = DATE.exec(s.slice(0, i));
    return i > 0 && !!d && validDate(+d[1], +d[2], +d[3]) && TIME.test(s.slice(i + 1));
  },
  date: (s) => {
    const d = DATE.exec(s);
    return !!d && validDate(+d[1], +d[2], +d[3]);
  },
  time: (s) => TIME.test(s),
  email: (s) => /^[^@\s<>()[\],;:"]+@[^@\s<>()[\],;:"]+$/.test(s),
  'idn-email': (s) => /^[^@\s<>()[\],;:"]+@[^@\s<>()[\],;:"]+$/.test(s),
  ipv4: (s) => parseIp(s) !== undefined && s.includes('.'),
  ipv6: (s) => parseIp(s) !== undefined && s.includes(':'),
  hostname: (s) => s.length <= 255 && /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*$/.test(s),
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
  uri: (s) => /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s) && !/\s/.test(s),
  iri: (s) => /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s) && !/\s/.test(s),
  'uri-reference': (s) => !/[\x00-\x20\x7f]|%(?![0-9a-fA-F]{2})/.test(s),
  'iri-reference': (s) => !/[\x00-\x20\x7f]|%(?![0-9a-fA-F]{2})/.test(s),
  'uri-template': (s) => !/[\x00-\x20\x7f]|%(?![0-9a-fA-F]{2})/.test(s),
  'json-pointer': (s) => /^(?:\/(?:[^~/]|~0|~1)*)*$/.test(s),
  'relative-json-pointer': (s) => /^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$/.test(s),
  regex: (s) => {
    try {
      RE2JS.compile(s);
      return true;
    } catch {
      return false;
    }
  },
};
const fmtNum = (n: number): string => String(n);

class Validator {
  out: SchemaViolation[] = [];
  constructor(private root: Json) {}


  validate(schema: Json, v: Json, path: string[], depth = 0): void {
    if (depth > 64 || schema === true || schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
    if (schema === (false as unknown)) return;
    const field = path.length ? path.join('.') : '(root)';
    const err = (description: string, p = path): void => {
      this.out.push({ field: p.length ? p.join('.') : '(root)', path: p, description });
    };
    if (typeof schema.$ref === 'string') {
      const target = resolvePointer(this.root, schema.$ref);
      if (target !== undefined) this.validate(target, v, path, depth + 1);
      return;
    }
    const t = typeOf(v);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      const ok = types.some((x) => x === t || (x === 'number' && t === 'integer'));
      if (!ok) {
        err(`Invalid type. Expected: ${Array.isArray(schema.type) ? '[' + types.join(',') + ']' : types[0]}, given: ${t}`);
        return;
      }
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => equal(e, v))) err(`${field} must be one of the following: ${schema.enum.map(jsonText).join(', ')}`);
    if ('const' in schema && !equal(schema.const as Json, v)) err(`${field} does not match: ${jsonText(schema.const as Json)}`);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const subs = schema[key];
      if (!Array.isArray(subs)) continue;
      const results = subs.map((s) => {
        const sub = new Validator(this.root);
        sub.validate(s, v, path, depth + 1);
        return sub.out;
      });
      const valid = results.filter((r) => r.length === 0).length;
      if (key === 'allOf' && valid < subs.length) {
        for (const r of results) this.out.push(...r);
        err('Must validate all the schemas (allOf)');
      } else if (key === 'anyOf' && valid === 0) {
        // gojsonschema merges the errors of the best-scoring subschema, the first one among equals.
        let best = results[0];
        for (const r of results) if (r.length < best.length) best = r;
        this.out.push(...best);
        err('Must validate at least one schema (anyOf)');
      } else if (key === 'oneOf' && valid !== 1) {
        if (valid === 0) {
          let best = results[0];
          for (const r of results) if (r.length < best.length) best = r;
          this.out.push(...best);
        }
        err('Must validate one and only one schema (oneOf)');
      }
    }
    if (schema.not !== undefined) {
      const sub = new Validator(this.root);
      sub.validate(schema.not, v, path, depth + 1);
      if (sub.out.length === 0) err('Must not validate the schema (not)');
    }
    if (schema.if !== undefined) {
      const sub = new Validator(this.root);
      sub.validate(schema.if, v, path, depth + 1);
      if (sub.out.length === 0 && schema.then !== undefined) {
        const before = this.out.length;
        this.validate(schema.then, v, path, depth + 1);
        if (this.out.length > before) err('Must validate "then" as "if" was valid');
      } else if (sub.out.length > 0 && schema.else !== undefined) {
        const before = this.out.length;
        this.validate(schema.else, v, path, depth + 1);
        if (this.out.length > before) err('Must validate "else" as "if" was not valid');
      }
    }
    if (typeof v === 'string') {
      const n = [...v].length;
      if (typeof schema.minLength === 'number' && n < schema.minLength) err(`String length must be greater than or equal to ${schema.minLength}`);
      if (typeof schema.maxLength === 'number' && n > schema.maxLength) err(`String length must be less than or equal to ${schema.maxLength}`);
      if (typeof schema.format === 'string' && FORMATS[schema.format] && !FORMATS[schema.format](v)) err(`Does not match format '${schema.format}'`);
      if (typeof schema.pattern === 'string') {
        try {
          if (!RE2JS.compile(schema.pattern).matcher(v).find()) err(`Does not match pattern '${schema.pattern}'`);
        } catch {
          // An invalid pattern: gojsonschema fails on the schema itself; ignore here.
        }
      }
    }
    if (typeof v === 'number') {
      // Every format checker of gojsonschema rejects a number.
      if (typeof schema.format === 'string' && FORMATS[schema.format]) err(`Does not match format '${schema.format}'`);
      if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0 && !Number.isInteger(v / schema.multipleOf)) err(`Must be a multiple of ${fmtNum(schema.multipleOf)}`);
      const exMin = schema.exclusiveMinimum;
      const exMax = schema.exclusiveMaximum;
      if (typeof schema.minimum === 'number') {
        if (exMin === true ? v <= schema.minimum : v < schema.minimum) err(exMin === true ? `Must be greater than ${fmtNum(schema.minimum)}` : `Must be greater than or equal to ${fmtNum(schema.minimum)}`);
      }
      if (typeof schema.maximum === 'number') {
        if (exMax === true ? v >= schema.maximum : v > schema.maximum) err(exMax === true ? `Must be less than ${fmtNum(schema.maximum)}` : `Must be less than or equal to ${fmtNum(schema.maximum)}`);
      }
      if (typeof exMin === 'number' && v <= exMin) err(`Must be greater than ${fmtNum(exMin)}`);
      if (typeof exMax === 'number' && v >= exMax) err(`Must be less than ${fmtNum(exMax)}`);
    }
    if (Array.isArray(v)) {
      if (typeof schema.minItems === 'number' && v.length < schema.minItems) err(`Array must have at least ${schema.minItems} items`);
      if (typeof schema.maxItems === 'number' && v.length > schema.maxItems) err(`Array must have at most ${schema.maxItems} items`);
      if (schema.uniqueItems === true) {
        outer: for (let i = 0; i < v.length; i++) {
          for (let j = i + 1; j < v.length; j++) {
            if (equal(v[i], v[j])) {
              err(`array items[${i},${j}] must be unique`);
              break outer;
            }
          }
        }
      }
      if (Array.isArray(schema.items)) {
        v.forEach((x, i) => {
          const items = schema.items as Json[];
          if (i < items.length) this.validate(items[i], x, [...path, String(i)], depth + 1);
          else if (schema.additionalItems === false) err(`No additional items allowed on array`);
          else if (schema.additionalItems && typeof schema.additionalItems === 'object') this.validate(schema.additionalItems, x, [...path, String(i)], depth + 1);
        });
      } else if (schema.items !== undefined) {
        v.forEach((x, i) => this.validate(schema.items as Json, x, [...path, String(i)], depth + 1));
      }
      if (schema.contains !== undefined) {
        // Like anyOf: the error, then those of the best-matching item (the first among equals).
        let best: SchemaViolation[] | undefined;
        let matched = false;
        for (let i = 0; i < v.length && !matched; i++) {
          const sub = new Validator(this.root);
          sub.validate(schema.contains as Json, v[i], [...path, String(i)], depth + 1);
          if (sub.out.length === 0) matched = true;
          else if (!best || sub.out.length < best.length) best = sub.out;
        }
        if (!matched) {
          err('At least one of the items must match');
          if (best) this.out.push(...best);
        }
      }
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) err(`Must have at least ${schema.minProperties} properties`);
      if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) err(`Must have at most ${schema.maxProperties} properties`);
      if (schema.propertyNames !== undefined) {
        for (const k of keys) {
          const sub = new Validator(this.root);
          sub.validate(schema.propertyNames as Json, k, path, depth + 1);
          if (sub.out.length > 0) {
            err(`Property name of ${JSON.stringify(k)} does not match`);
            this.out.push(...sub.out);
          }
        }
      }
      if (Array.isArray(schema.required)) for (const r of schema.required) if (typeof r === 'string' && !(r in v)) err(`${r} is required`);
      const props = schema.properties && typeof schema.properties === 'object' && !Array.isArray(schema.properties) ? schema.properties : {};
      const patterns = schema.patternProperties && typeof schema.patternProperties === 'object' && !Array.isArray(schema.patternProperties) ? schema.patternProperties : {};
      for (const k of keys.sort()) {
        let matched = false;
        if (k in props) {
          matched = true;
          this.validate(props[k], v[k], [...path, k], depth + 1);
        }
        for (const [p, s] of Object.entries(patterns)) {
          try {
            if (RE2JS.compile(p).matcher(k).find()) {
              matched = true;
              this.validate(s, v[k], [...path, k], depth + 1);
            }
          } catch {
            // invalid pattern
          }
        }
        if (!matched) {
          if (schema.additionalProperties === false) err(`Additional property ${k} is not allowed`);
          else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') this.validate(schema.additionalProperties, v[k], [...path, k], depth + 1);
        }
      }
      if (schema.dependencies && typeof schema.dependencies === 'object' && !Array.isArray(schema.dependencies)) {
        for (const [k, dep] of Object.entries(schema.dependencies)) {
          if (!(k in v)) continue;
          if (Array.isArray(dep)) {
            for (const d of dep) if (typeof d === 'string' && !(d in v)) err(`Has a dependency on ${d}`);
          } else this.validate(dep, v, path, depth + 1);
        }
      }
    }
  }
}

/** Violations of one schema by one chart's values (empty when valid). Throws on an unreadable schema. */
export function validateValues(schemaText: string, values: GoMap): SchemaViolation[] {
  const schema = JSON.parse(schemaText) as Json;
  const v = new Validator(schema);
  v.validate(schema, toJson(values), []);
  return v.out.sort((a, b) => {
    const x = `${a.field}: ${a.description}`;
    const y = `${b.field}: ${b.description}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** The range of the value at `path` in a YAML text (the key's node when present), or undefined. */
const docCache = new Lru<string, ReturnType<typeof parseDocument> | undefined>({ maxEntries: 64, maxSize: 2_000_000, sizeOf: (_, text) => text.length });

export function locateInYaml(text: string, path: string[]): { start: number; end: number } | undefined {
  let doc = docCache.get(text);
  if (!docCache.has(text)) {
    try {
      doc = parseDocument(text);
    } catch {
      doc = undefined;
    }
    docCache.set(text, doc);
  }
  if (!doc) return undefined;
  let node: unknown = doc.contents;
  let keyRange: [number, number] | undefined;
  for (const p of path) {
    if (yamlIsMap(node)) {
      const pair = node.items.find((it) => String((it.key as { value?: unknown } | null)?.value ?? it.key) === p);
      if (!pair) return undefined;
      const kr = (pair.key as { range?: [number, number, number] } | null)?.range;
      keyRange = kr ? [kr[0], kr[1]] : undefined;
      node = pair.value;
    } else if (yamlIsSeq(node)) {
      node = node.items[Number(p)];
      keyRange = undefined;
    } else return undefined;
  }
  const r = (node as { range?: [number, number, number] } | null)?.range;
  if (keyRange) return { start: keyRange[0], end: r ? r[1] : keyRange[1] };
  return r ? { start: r[0], end: r[1] } : undefined;
}

void marshalJson;
