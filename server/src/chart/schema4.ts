// values.schema.json validation as Helm 4.1.4 does it: pkg/chart/common/util/jsonschema.go compiles the schema with
// santhosh-tekuri/jsonschema v6.0.2 (default draft 2020-12; $schema picks drafts 4, 6, 7, 2019-09) and prints its
// error tree (output.go display): one "- at '<json pointer>': <message>" line per error, causes indented under it.
// The checks, their order and their early returns follow validator.go; the messages follow kind/kind.go as v6.0.2
// words them (the mirror here stops at v6.0.1: "'anyOf' failed" and the other quoted keywords, and the printing of
// numbers, were read from the Helm 4.1.4 binary's strings and output).
// Not modelled: remote $refs, $dynamicRef/$recursiveRef, unevaluated*, content*, the metaschema check of the schema.

import { RE2JS } from 're2js';
import { Lru } from '../util/lru';

import { resolvePointer, type Json } from './schema';
type Obj = { [k: string]: Json };

/** One node of the error tree. `loc` is the instance location Helm prints; `path` is where the value is, for
 *  locating it in a values file (they differ only for propertyNames, which santhosh reports at ''). */
export interface SchemaError4 {
  loc: string[];
  path: string[];
  message: string;
  causes: SchemaError4[];
  /** A $ref with one cause prints only the cause (output.go skip). */
  ref?: boolean;
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function typeOf(v: Json): 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v as 'boolean' | 'number' | 'string';
}

const TYPE_ORDER = ['null', 'boolean', 'number', 'integer', 'string', 'array', 'object'];

function equals(a: Json, b: Json): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equals(x, b[i]));
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equals(a[k], b[k]));
  }
  return a === b;
}

/** Go's %q, then kind.quote's single quotes. */
export function quote(s: string): string {
  const q = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${q}'`;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** %d through santhosh's English message printer (golang.org/x/text/message): digits grouped by thousands. */
export function printInt(n: number): string {
  return plain(n);
}

/** %v of a float64 through the same printer: grouped digits, or below 1e-4 and from 1e6 on (where %g switches to an
 *  exponent) the form 1.5×10⁰⁶. */
export function printNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '-∞' : 'NaN';
  if (n === 0) return '0';
  const [mant, e] = n.toExponential().split('e');
  const exp = Number(e);
  if (exp >= -4 && exp < 6) return plain(n);
  const digits = String(Math.abs(exp)).padStart(2, '0');
  return `${mant}×10${exp < 0 ? '⁻' : ''}${[...digits].map((d) => SUPERSCRIPT[Number(d)]).join('')}`;
}

function plain(n: number): string {
  const [int, frac] = String(Math.abs(n)).split('.');
  return `${n < 0 ? '-' : ''}${group(int)}${frac ? '.' + frac : ''}`;
}

function display(v: Json): string {
  if (typeof v === 'string') return quote(v);
  if (v === null) return '<nil>';
  if (typeof v === 'object') return 'value';
  return String(v);
}

const pointer = (loc: string[]) => loc.map((t) => '/' + t.replace(/~/g, '~0').replace(/\//g, '~1')).join('');

function draftOf(schema: Json): number {
  const id = isObj(schema) && typeof schema.$schema === 'string' ? schema.$schema.replace(/^https?:\/\//, '').replace(/#$/, '') : '';
  if (id === 'json-schema.org/draft-04/schema') return 4;
  if (id === 'json-schema.org/draft-06/schema') return 6;
  if (id === 'json-schema.org/draft-07/schema') return 7;
  if (id === 'json-schema.org/draft/2019-09/schema') return 2019;
  return 2020;
}

// Bounded: a language server sees the patterns of every edit of every schema.
const reCache = new Lru<string, RE2JS | null>({ maxEntries: 512 });
function regex(p: string): RE2JS | null {
  let r = reCache.get(p);
  if (r === undefined) {
    try {
      r = RE2JS.compile(p);
    } catch {
      r = null;
    }
    reCache.set(p, r);
  }
  return r;
}

/** Go's %q of a rune: single quotes. */
const runeQuote = (c: string) => `'${c === "'" ? "\\'" : c === '\\' ? '\\\\' : c}'`;
const goQuote = (x: string) => JSON.stringify(x);

function hostnameError(s: string): string | undefined {
  const h = s.endsWith('.') ? s.slice(0, -1) : s;
  if (h.length > 253) return 'more than 253 characters long';
  for (const label of h.split('.')) {
    if (label.length < 1 || label.length > 63) return 'label must be 1 to 63 characters long';
    if (label.startsWith('-')) return 'label starts with hyphen';
    if (label.endsWith('-')) return 'label ends with hyphen';
    const bad = [...label].find((c) => !/[a-zA-Z0-9-]/.test(c));
    if (bad) return `invalid character ${runeQuote(bad)}`;
  }
  return undefined;
}

/** time.Parse("2006-01-02", s), for the errors it gives most. */
function dateError(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return /^\d{4}/.test(s) ? `parsing time ${goQuote(s)} as "2006-01-02": cannot parse ${goQuote(s.slice(4))} as "-"` : `parsing time ${goQuote(s)} as "2006-01-02": cannot parse ${goQuote(s)} as "2006"`;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return `parsing time ${goQuote(s)}: month out of range`;
  if (d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return `parsing time ${goQuote(s)}: day out of range`;
  return undefined;
}

/**
 * The format checks of format.go that Helm's draft-4/6/7 schemas assert (2019-09 and 2020-12 only annotate), with
 * format.go's reasons where they are its own; where it quotes Go's parsers (time, net/netip, net/url) only the usual
 * cases are written out, others get a reason of our own.
 */
function formatError(name: string, s: string): string | undefined {
  switch (name) {
    case 'ipv4': {
      const groups = s.split('.');
      if (groups.length !== 4) return 'expected four decimals';
      for (const g of groups) {
        if (g.length > 1 && g[0] === '0') return 'leading zeros';
        if (!/^\d+$/.test(g) || Number(g) > 255) return 'decimal must be between 0 and 255';
      }
      return undefined;
    }
    case 'ipv6':
    {
      if (!s.includes(':')) return 'missing colon';
      const first = s.indexOf('::');
      const second = first >= 0 ? s.indexOf('::', first + 2) : -1;
      if (second >= 0) return `ParseAddr(${goQuote(s)}): multiple :: in address (at ${goQuote(s.slice(second + 1))})`;
      return /^[0-9a-fA-F:.]+$/.test(s) ? undefined : `ParseAddr(${goQuote(s)}): invalid address`;
    }
    case 'uuid': {
      const parts = s.split('-');
      const lens = [8, 4, 4, 4, 12];
      if (parts.length !== 5) return 'must have 5 elements';
      for (let i = 0; i < 5; i++) {
        if (parts[i].length !== lens[i]) return `element ${i + 1} must be ${lens[i]} characters long`;
        const bad = [...parts[i]].find((c) => !/[0-9a-fA-F]/.test(c));
        if (bad) return `non-hex character ${runeQuote(bad)}`;
      }
      return undefined;
    }
    case 'hostname':
      return hostnameError(s);
    case 'email': {
      if (s.length > 254) return 'more than 255 characters long';
      const at = s.lastIndexOf('@');
      if (at <= 0 || at === s.length - 1) return 'missing @';
      const local = s.slice(0, at);
      if (local.length > 64) return 'local part more than 64 characters long';
      if (!(local.startsWith('"') && local.endsWith('"'))) {
        if (local.startsWith('.')) return 'starts with dot';
        if (local.endsWith('.')) return 'ends with dot';
        if (local.includes('..')) return 'consecutive dots';
        const bad = [...local].find((c) => !/[a-zA-Z0-9!#$%&'*+\-/=?^_`{|}~.]/.test(c));
        if (bad) return `invalid character ${runeQuote(bad)}`;
      }
      const domain = s.slice(at + 1);
      if (domain.startsWith('[')) return undefined;
      const why = hostnameError(domain);
      return why ? `invalid domain: ${why}` : undefined;
    }
    case 'date':
      return dateError(s);
    case 'date-time': {
      if (s.length < 20) return 'less than 20 characters long';
      if (s[10] !== 't' && s[10] !== 'T') return '11th character must be t or T';
      const d = dateError(s.slice(0, 10));
      if (d) return `invalid date element: ${d}`;
      return /^([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([zZ]|[+-]([01]\d|2[0-3]):[0-5]\d)$/.test(s.slice(11)) ? undefined : 'invalid time element: invalid time';
    }
    case 'uri':
    case 'iri':
      if (/\s/.test(s)) return `parse ${goQuote(s)}: invalid character " " in host name`;
      return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s) ? undefined : 'relative url';
    case 'regex':
      try {
        RE2JS.compile(s);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    default:
      return undefined;
  }
}

/** kind.Group: several errors of one value, which Schema.validate and $ref unwrap into their causes. */
const isGroup = (e: SchemaError4) => e.message === 'validation failed' && !e.ref;

class Validator4 {
  constructor(
    private readonly root: Json,
    private readonly draft: number,
  ) {}


  /** validator.go validate: undefined when valid, one error, or a "validation failed" group of several. */
  validate(s: Json | undefined, v: Json, loc: string[], depth = 0): SchemaError4 | undefined {
    const err = (message: string, causes: SchemaError4[] = []): SchemaError4 => ({ loc, path: loc, message, causes });
    if (s === true || s === undefined || depth > 64) return undefined;
    if (s === false) return err('false schema');
    if (!isObj(s)) return undefined;
    const d = this.draft;
    // Before 2019-09 a $ref replaces its object's other keywords (objcompiler.go compileDraft4).
    if (typeof s.$ref === 'string' && d < 2019) return this.ref(s.$ref, v, loc, depth);
    const t = typeOf(v);
    if (s.type !== undefined) {
      const want = (Array.isArray(s.type) ? s.type : [s.type]).filter((x): x is string => typeof x === 'string');
      const ok = want.includes(t) || (want.includes('integer') && t === 'number' && Number.isInteger(v));
      if (!ok) return err(`got ${t}, want ${TYPE_ORDER.filter((x) => want.includes(x)).join(' or ')}`);
    }
    if (d >= 6 && 'const' in s && !equals(v, s.const)) {
      return err(typeof s.const === 'object' && s.const !== null ? "'const' failed" : `value must be ${display(s.const)}`);
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => equals(v, e))) {
      const primitive = s.enum.every((e) => e === null || typeof e !== 'object');
      if (!primitive) return err("'enum' failed");
      return err(s.enum.length === 1 ? `value must be ${display(s.enum[0])}` : `value must be one of ${s.enum.map(display).join(', ')}`);
    }
    if (d < 2019 && typeof s.format === 'string' && typeof v === 'string') {
      const why = formatError(s.format, v);
      if (why) return err(`${display(v)} is not valid ${s.format}: ${why}`);
    }
    const errors: SchemaError4[] = [];
    const add = (e: SchemaError4 | undefined) => e && errors.push(e);
    if (typeof s.$ref === 'string') add(this.ref(s.$ref, v, loc, depth));
    if (isObj(v)) this.object(s, v, loc, depth, errors, err);
    else if (Array.isArray(v)) this.array(s, v, loc, depth, errors, err);
    else if (typeof v === 'string') this.string(s, v, errors, err);
    else if (typeof v === 'number') this.number(s, v, errors, err);
    this.conditions(s, v, loc, depth, errors, err);
    if (errors.length === 0) return undefined;
    if (errors.length === 1) return errors[0];
    return err('validation failed', errors);
  }

  private ref(ref: string, v: Json, loc: string[], depth: number): SchemaError4 | undefined {
    const target = resolvePointer(this.root, ref);
    if (target === undefined) return undefined;
    const e = this.validate(target, v, loc, depth + 1);
    if (!e) return undefined;
    const causes = isGroup(e) ? e.causes : [e];
    return { loc, path: loc, message: 'validation failed', causes, ref: true };
  }

  private object(s: Obj, v: Obj, loc: string[], depth: number, errors: SchemaError4[], err: (m: string, c?: SchemaError4[]) => SchemaError4): void {
    const keys = Object.keys(v).sort();
    const missing = (names: Json) => (Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string' && !(n in v)) : []);
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) errors.push(err(`minProperties: got ${printInt(keys.length)}, want ${printInt(s.minProperties)}`));
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) errors.push(err(`maxProperties: got ${printInt(keys.length)}, want ${printInt(s.maxProperties)}`));
    const req = missing(s.required ?? []);
    if (req.length === 1) errors.push(err(`missing property ${quote(req[0])}`));
    else if (req.length > 1) errors.push(err(`missing properties ${req.map(quote).join(', ')}`));
    const deps = (m: Json | undefined, schemas: boolean, arrays: boolean) => {
      if (!isObj(m)) return;
      for (const [p, dep] of Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (!(p in v)) continue;
        if (Array.isArray(dep)) {
          if (!arrays) continue;
          const miss = missing(dep);
          if (miss.length) errors.push(err(`properties ${miss.map(quote).join(', ')} required, if ${quote(p)} exists`));
        } else if (schemas) {
          const e = this.validate(dep, v, loc, depth + 1);
          if (e) errors.push(e);
        }
      }
    };
    deps(s.dependencies, true, true);
    const props = isObj(s.properties) ? s.properties : {};
    const patterns = isObj(s.patternProperties) ? Object.entries(s.patternProperties) : [];
    const additional: string[] = [];
    for (const k of keys) {
      let evaluated = false;
      if (k in props) {
        evaluated = true;
        const e = this.validate(props[k], v[k], [...loc, k], depth + 1);
        if (e) errors.push(e);
      }
      for (const [p, sch] of patterns) {
        if (regex(p)?.matcher(k).find()) {
          evaluated = true;
          const e = this.validate(sch, v[k], [...loc, k], depth + 1);
          if (e) errors.push(e);
        }
      }
      if (!evaluated && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) additional.push(k);
        else if (isObj(s.additionalProperties)) {
          const e = this.validate(s.additionalProperties, v[k], [...loc, k], depth + 1);
          if (e) errors.push(e);
        }
      }
    }
    if (additional.length) errors.push(err(`additional properties ${additional.map(quote).join(', ')} not allowed`));
    if (this.draft === 4) return;
    if (s.propertyNames !== undefined) {
      for (const k of keys) {
        // Validated as a document of its own: santhosh reports it, and its causes, at the root ('').
        const e = new Validator4(this.root, this.draft).validate(s.propertyNames, k, [], depth + 1);
        if (e) errors.push({ loc: [], path: loc, message: `invalid propertyName ${quote(k)}`, causes: isGroup(e) ? e.causes : [e] });
      }
    }
    if (this.draft === 6) return;
    if (this.draft >= 2019) {
      if (isObj(s.dependentSchemas)) deps(s.dependentSchemas, true, false);
      if (isObj(s.dependentRequired)) deps(s.dependentRequired, false, true);
    }
  }

  private array(s: Obj, v: Json[], loc: string[], depth: number, errors: SchemaError4[], err: (m: string, c?: SchemaError4[]) => SchemaError4): void {
    if (typeof s.minItems === 'number' && v.length < s.minItems) errors.push(err(`minItems: got ${printInt(v.length)}, want ${printInt(s.minItems)}`));
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) errors.push(err(`maxItems: got ${printInt(v.length)}, want ${printInt(s.maxItems)}`));
    if (s.uniqueItems === true && v.length > 1) {
      outer: for (let i = 1; i < v.length; i++)
        for (let j = 0; j < i; j++)
          if (equals(v[i], v[j])) {
            errors.push(err(`items at ${printInt(j)} and ${printInt(i)} are equal`));
            break outer;
          }
    }
    const each = (sch: Json, from: number, to: number, index = (i: number) => i) => {
      for (let i = from; i < to; i++) {
        const e = this.validate(sch, v[i], [...loc, String(index(i))], depth + 1);
        if (e) errors.push(e);
      }
    };
    if (this.draft < 2020) {
      let evaluated = 0;
      if (Array.isArray(s.items)) {
        const items = s.items;
        evaluated = Math.min(v.length, items.length);
        for (let i = 0; i < evaluated; i++) {
          const e = this.validate(items[i], v[i], [...loc, String(i)], depth + 1);
          if (e) errors.push(e);
        }
        if (s.additionalItems === false && evaluated !== v.length) errors.push(err(`last ${printInt(v.length - evaluated)} additionalItem(s) not allowed`));
        // validator.go numbers these from 0 (range over arr[evaluated:]).
        else if (isObj(s.additionalItems)) each(s.additionalItems, evaluated, v.length, (i) => i - evaluated);
      } else if (s.items !== undefined) each(s.items, 0, v.length);
    } else {
      const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
      const evaluated = Math.min(prefix.length, v.length);
      for (let i = 0; i < evaluated; i++) {
        const e = this.validate(prefix[i], v[i], [...loc, String(i)], depth + 1);
        if (e) errors.push(e);
      }
      if (s.items !== undefined && !Array.isArray(s.items)) each(s.items, evaluated, v.length, (i) => i - evaluated);
    }
    if (this.draft >= 6 && s.contains !== undefined) {
      const failed: SchemaError4[] = [];
      const matched: number[] = [];
      v.forEach((x, i) => {
        const e = this.validate(s.contains, x, [...loc, String(i)], depth + 1);
        if (e) failed.push(e);
        else matched.push(i);
      });
      const min = this.draft >= 2019 && typeof s.minContains === 'number' ? s.minContains : undefined;
      const max = this.draft >= 2019 && typeof s.maxContains === 'number' ? s.maxContains : undefined;
      if (min !== undefined) {
        if (matched.length < min)
          errors.push(err(matched.length === 0 ? `min ${min} items required to match contains schema, but none matched` : `min ${min} items required to match contains schema, but matched ${matched.length} items at ${matched.join(' ')}`, failed));
      } else if (matched.length === 0) errors.push(err('no items match contains schema', failed));
      if (max !== undefined && matched.length > max) errors.push(err(`max ${max} items required to match contains schema, but matched ${matched.length} items at ${matched.join(' ')}`));
    }
  }

  private string(s: Obj, v: string, errors: SchemaError4[], err: (m: string) => SchemaError4): void {
    const n = [...v].length;
    if (typeof s.minLength === 'number' && n < s.minLength) errors.push(err(`minLength: got ${printInt(n)}, want ${printInt(s.minLength)}`));
    if (typeof s.maxLength === 'number' && n > s.maxLength) errors.push(err(`maxLength: got ${printInt(n)}, want ${printInt(s.maxLength)}`));
    if (typeof s.pattern === 'string' && regex(s.pattern) && !regex(s.pattern)!.matcher(v).find()) errors.push(err(`${quote(v)} does not match pattern ${quote(s.pattern)}`));
  }

  private number(s: Obj, v: number, errors: SchemaError4[], err: (m: string) => SchemaError4): void {
    let min = typeof s.minimum === 'number' ? s.minimum : undefined;
    let max = typeof s.maximum === 'number' ? s.maximum : undefined;
    let exMin = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : undefined;
    let exMax = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : undefined;
    // Draft 4's boolean exclusiveMinimum/Maximum turn minimum/maximum exclusive (objcompiler.go).
    if (s.exclusiveMinimum === true) [exMin, min] = [min, undefined];
    if (s.exclusiveMaximum === true) [exMax, max] = [max, undefined];
    const g = printNumber;
    if (min !== undefined && v < min) errors.push(err(`minimum: got ${g(v)}, want ${g(min)}`));
    if (max !== undefined && v > max) errors.push(err(`maximum: got ${g(v)}, want ${g(max)}`));
    if (exMin !== undefined && v <= exMin) errors.push(err(`exclusiveMinimum: got ${g(v)}, want ${g(exMin)}`));
    if (exMax !== undefined && v >= exMax) errors.push(err(`exclusiveMaximum: got ${g(v)}, want ${g(exMax)}`));
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) errors.push(err(`multipleOf: got ${g(v)}, want ${g(s.multipleOf)}`));
  }

  private conditions(s: Obj, v: Json, loc: string[], depth: number, errors: SchemaError4[], err: (m: string, c?: SchemaError4[]) => SchemaError4): void {
    const sub = (x: Json) => this.validate(x, v, loc, depth + 1);
    if (s.not !== undefined && !sub(s.not)) errors.push(err("'not' failed"));
    if (Array.isArray(s.allOf)) {
      const failed = s.allOf.map(sub).filter((e): e is SchemaError4 => !!e);
      if (failed.length) errors.push(err("'allOf' failed", failed));
    }
    if (Array.isArray(s.anyOf)) {
      const results = s.anyOf.map(sub);
      if (!results.some((e) => !e)) errors.push(err("'anyOf' failed", results as SchemaError4[]));
    }
    if (Array.isArray(s.oneOf)) {
      let matched = -1;
      const failed: SchemaError4[] = [];
      for (let i = 0; i < s.oneOf.length; i++) {
        const e = sub(s.oneOf[i]);
        if (e) {
          if (matched === -1) failed.push(e);
        } else if (matched === -1) matched = i;
        else {
          errors.push(err(`'oneOf' failed, subschemas ${printInt(matched)}, ${printInt(i)} matched`));
          break;
        }
      }
      if (matched === -1) errors.push(err("'oneOf' failed, none matched", failed));
    }
    if (this.draft >= 7 && s.if !== undefined) {
      const then = !sub(s.if);
      const e = then ? (s.then !== undefined && s.if !== false ? sub(s.then) : undefined) : s.else !== undefined && s.if !== true ? sub(s.else) : undefined;
      if (e) errors.push(e);
    }
  }
}

/** The top-level errors of one schema against one chart's values (empty when valid). Throws on unreadable JSON. */
export function validateValues4(schemaText: string, values: Json): SchemaError4[] {
  const schema = JSON.parse(schemaText) as Json;
  const e = new Validator4(schema, draftOf(schema)).validate(schema, values, []);
  if (!e) return [];
  // Schema.validate: a group's causes become the root's causes.
  return isGroup(e) ? e.causes : [e];
}

/** output.go display: the lines of an error and its causes, "- " at its depth. */
export function displayError(e: SchemaError4, indent = 1): string[] {
  if (e.ref && e.causes.length === 1) return displayError(e.causes[0], indent);
  const line = `${'  '.repeat(indent - 1)}- at ${quote(pointer(e.loc))}: ${e.message}`;
  return [line, ...e.causes.flatMap((c) => displayError(c, indent + 1))];
}
