// YAML and JSON as Helm sees them:
//  - parseYamlValues: sigs.k8s.io/yaml Unmarshal (go-yaml v2 resolution rules, then through JSON: numbers become
//    float64, non-string keys become strings, timestamps stay strings).
//  - toJson: encoding/json Marshal (sorted keys, HTML-safe escaping).
//  - toYaml: sigs.k8s.io/yaml Marshal (JSON round trip, then go-yaml v2's emitter: natural key order, quoting and
//    80-column folding rules).

import * as Y from 'yaml';
import { formatFloat } from './gofmt';
import { PStr } from './pstr';
import { GoMap, GoStruct, Int64, Value } from './values';
import { Lru } from '../util/lru';

// ---------------------------------------------------------------------------------------------------------------
// go-yaml v2 scalar resolution

const BOOL_NULL: Record<string, boolean | null | number> = {
  y: true, Y: true, yes: true, Yes: true, YES: true, true: true, True: true, TRUE: true, on: true, On: true, ON: true,
  n: false, N: false, no: false, No: false, NO: false, false: false, False: false, FALSE: false, off: false, Off: false, OFF: false,
  '': null, '~': null, null: null, Null: null, NULL: null,
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d*)?(Z|[+-]\d{1,2}(:\d{2})?)?)?$/;

type Resolved = { tag: 'str' | 'bool' | 'null' | 'int' | 'float' | 'timestamp' | 'merge'; value: unknown };

/** Go's strconv.ParseInt(s, 0, 64) / ParseUint, after go-yaml removed underscores. */
function parseIntBase0(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  let body = m[2];
  if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
  const v = BigInt(body.toLowerCase().replace(/^0([xob])/, '0$1'));
  return m[1] === '-' ? -v : v;
}

export function resolvePlain(s: string): Resolved {
  if (Object.prototype.hasOwnProperty.call(BOOL_NULL, s)) {
    const v = BOOL_NULL[s];
    return { tag: v === null ? 'null' : typeof v === 'boolean' ? 'bool' : 'float', value: v };
  }
  const c = s[0];
  if (c === '.') {
    if (YAML_FLOAT.test(s)) return { tag: 'float', value: Number(s) };
    return { tag: 'str', value: s };
  }
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (TIMESTAMP.test(s)) return { tag: 'timestamp', value: s };
    const plain = s.replace(/_/g, '');
    const i = parseIntBase0(plain);
    if (i !== undefined && i >= -(1n << 63n) && i < 1n << 64n) return { tag: 'int', value: i };
    if (YAML_FLOAT.test(plain)) return { tag: 'float', value: Number(plain) };
  }
  return { tag: 'str', value: s };
}

const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export class YamlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly offset: number,
  ) {
    super(message);
  }
}

function keyString(v: Value): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return formatFloat(v, 'g', -1);
  return String(v);
}

/**
 * go-yaml v2 refuses "billion laughs" documents: it counts decoded nodes (alias targets once per alias) and fails
 * when aliases make up too much of them (decode.go allowedAliasRatio). Same rule here, on the whole document, with
 * the counts computed per node once instead of by expanding.
 */
function checkAliasing(doc: Y.Document.Parsed): void {
  const memo = new Map<unknown, [number, number]>();
  const count = (node: unknown, depth: number): [number, number] => {
    if (node === null || node === undefined || depth > 10000) return [0, 0];
    const hit = memo.get(node);
    if (hit) return hit;
    let result: [number, number] = [1, 0];
    if (Y.isAlias(node)) {
      const [n, a] = count(node.resolve(doc), depth + 1);
      result = [1 + n, 1 + a];
    } else if (Y.isMap(node) || Y.isSeq(node)) {
      memo.set(node, [1, 0]); // a cycle counts once
      for (const item of node.items as unknown[]) {
        for (const child of Y.isPair(item) ? [item.key, item.value] : [item]) {
          const [n, a] = count(child, depth + 1);
          result = [result[0] + n, result[1] + a];
        }
      }
    }
    memo.set(node, result);
    return result;
  };
  const [decoded, aliases] = count(doc.contents, 0);
  const low = 400_000;
  const high = 4_000_000;
  const allowed = decoded <= low ? 0.99 : decoded >= high ? 0.1 : 0.99 - 0.89 * ((decoded - low) / (high - low));
  if ((aliases > 100 && decoded > 1000 && aliases / decoded > allowed) || decoded > 10 * high) {
    throw new YamlError('yaml: document contains excessive aliasing', 1, 0);
  }
}

/** Code points in s from `from` on (no allocation). */
function codePoints(s: string, from: number): number {
  let n = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

// fromYaml inputs are rendered text, new on every render of a chart with random values: bounded by characters.
const parsedCache = new Lru<string, Value | YamlError>({ maxEntries: 512, maxSize: 4_000_000, sizeOf: (_, text) => text.length });

function cloneValue(v: Value): Value {
  if (v instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, x] of v) m.set(k, cloneValue(x));
    return m;
  }
  if (Array.isArray(v)) return v.map(cloneValue);
  return v;
}

/**
 * parseYamlValues with a cache keyed by text (values files, Chart.yaml and fromYaml inputs are re-parsed on every
 * render otherwise); callers get their own copy, which they may change.
 */
export function parseYamlValuesCached(text: string): Value {
  let r = parsedCache.get(text);
  if (r === undefined && !parsedCache.has(text)) {
    try {
      r = parseYamlValues(text);
    } catch (e) {
      if (!(e instanceof YamlError)) throw e;
      r = e;
    }
    if (text.length < 1 << 20) parsedCache.set(text, r);
  }
  if (r instanceof YamlError) throw r;
  return cloneValue(r);
}

/**
 * go-yaml's words for the errors values files commonly have, checked against Helm 3.17.3 and 4.1.4
 * (test/helm/yamlErrors.test.ts). go-yaml numbers a parser error ("did not find expected ...") by the 0-based line of
 * the token it stopped at, a scanner error by its 1-based line, and leaves the number out when it would be 0 (yaml.v3
 * decode.go fail()): so Helm's "line 2" for a parser error is the third line, where the diagnostic stays.
 */
function goYamlWords(text: string, code: string, own: string, line: number, offset: number): { line: number; problem: string; at?: number; offset?: number } | undefined {
  const lines = text.split(/\r?\n/);
  const indent = (l: string) => l.length - l.trimStart().length;
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && own.startsWith('Nested mappings')) {
    // go-yaml's scanner stops at the ':' that starts the nested mapping (a scanner error: 1-based, none on line 1),
    // which is where the diagnostic goes too (an indented key continuing the value above, most often).
    const m = /:(?=[ \t\r\n]|$)/.exec(text.slice(offset));
    if (m) {
      const colon = offset + m.index;
      const at = text.slice(0, colon).split('\n').length;
      return { line: at > 1 ? at : 0, problem: 'mapping values are not allowed in this context', at, offset: colon };
    }
  }
  if (code === 'TAB_AS_INDENT') return { line, problem: 'found character that cannot start any token' };
  if (code === 'MISSING_CHAR' && /^Missing closing .?quote/.test(own)) return { line, problem: 'found unexpected end of stream' };
  if (code === 'BAD_INDENT' && own.startsWith('Flow sequence')) return { line: line - 1, problem: "did not find expected ',' or ']'" };
  if (code === 'BAD_INDENT' && own.startsWith('Flow mapping')) return { line: line - 1, problem: "did not find expected ',' or '}'" };
  if ((code === 'BAD_INDENT' && own.startsWith('All mapping items')) || (code === 'BLOCK_AS_IMPLICIT_KEY' && own.startsWith('A block sequence'))) {
    // Inside a block sequence at this very indentation, go-yaml wanted the next "- " item.
    const bad = lines[line - 1] ?? '';
    let seq = false;
    for (let i = line - 2; i >= 0; i--) {
      const l = lines[i];
      if (!l.trim() || l.trimStart().startsWith('#')) continue;
      if (indent(l) < indent(bad)) break;
      if (indent(l) === indent(bad)) {
        seq = /^-(\s|$)/.test(l.trimStart());
        break;
      }
    }
    if (seq && !/^-(\s|$)/.test(bad.trimStart())) return { line: line - 1, problem: "did not find expected '-' indicator" };
    return { line: line - 1, problem: 'did not find expected key' };
  }
  return undefined;
}

/** Parses the first YAML document of `text` into engine values the way Helm reads values files. With `lenient`, a
 *  document with errors gives what the parser recovered instead of throwing (Helm stops there; the analysis of the
 *  rest of the chart goes on with it). */
export function parseYamlValues(text: string, lenient = false): Value {
  const docs = Y.parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, merge: false, strict: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const doc = list[0];
  if (!doc) return null;
  const err = doc.errors[0];
  if (err && !lenient) {
    const line = err.linePos?.[0]?.line ?? 1;
    const own = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const go = goYamlWords(text, err.code, own, line, err.pos[0]);
    throw new YamlError(go ? `yaml: ${go.line > 0 ? `line ${go.line}: ` : ''}${go.problem}` : `yaml: line ${line}: ${own}`, go?.at ?? line, go?.offset ?? err.pos[0]);
  }
  checkAliasing(doc);
  const noFinalBreak = !/[\r\n]$/.test(text);
  const seen = new Map<unknown, Value>();
  const conv = (node: unknown): Value => {
    if (node === null || node === undefined) return null;
    if (Y.isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return null;
      if (seen.has(target)) return seen.get(target)!;
      return conv(target);
    }
    if (Y.isScalar(node)) {
      let raw = node.value === null || node.value === undefined ? '' : String(node.value);
      // go-yaml: a block scalar that ends the text without a line break has no final line break (any chomping).
      if ((node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && noFinalBreak && raw.endsWith('\n') && (node.range?.[1] ?? 0) >= text.length) {
        raw = raw.slice(0, -1);
      }
      const tag = node.tag;
      if (tag && tag !== '!' && tag !== '?') {
        const t = tag.replace('tag:yaml.org,2002:', '');
        if (t === 'str' || t === 'binary') return raw;
        if (t === 'int' || t === 'float') {
          const r = resolvePlain(raw);
          return r.tag === 'int' ? Number(r.value as bigint) : r.tag === 'float' ? (r.value as number) : raw;
        }
        if (t === 'bool') return resolvePlain(raw).value === true;
        if (t === 'null') return null;
      }
      if (node.type !== 'PLAIN') return raw;
      const r = resolvePlain(raw);
      switch (r.tag) {
        case 'null':
          return null;
        case 'bool':
          return r.value as boolean;
        case 'int':
          return Number(r.value as bigint);
        case 'float':
          return r.value as number;
        default:
          return raw;
      }
    }
    if (Y.isMap(node)) {
      const m: GoMap = new Map();
      seen.set(node, m);
      for (const pair of node.items) {
        const k = pair.key;
        if (Y.isScalar(k) && k.type === 'PLAIN' && k.value === '<<') {
          const src = conv(pair.value);
          const srcs = Array.isArray(src) ? src : [src];
          for (const s of srcs) if (s instanceof Map) for (const [kk, vv] of s) m.set(kk, vv);
          continue;
        }
        const key = keyString(conv(k));
        m.set(key, conv(pair.value));
      }
      return m;
    }
    if (Y.isSeq(node)) {
      const l: Value[] = [];
      seen.set(node, l);
      for (const it of node.items) l.push(conv(it));
      return l;
    }
    return null;
  };
  return conv(doc.contents);
}

// ---------------------------------------------------------------------------------------------------------------
// JSON (encoding/json)

class JsonError extends Error {}

function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new JsonError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // 'e' format with a short exponent (e-07 -> e-7).
    return formatFloat(f, 'e', -1).replace(/e([+-])0(\d)$/, 'e$1$2');
  }
  return formatFloat(f, 'f', -1);
}

function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      switch (ch) {
        case '\n':
          out += '\\n';
          break;
        case '\r':
          out += '\\r';
          break;
        case '\t':
          out += '\\t';
          break;
        default:
          out += '\\u' + c.toString(16).padStart(4, '0');
      }
    } else if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const n = s.charCodeAt(i + 1);
      if (c < 0xdc00 && n >= 0xdc00 && n <= 0xdfff) {
        out += ch + s[i + 1];
        i++;
      } else out += '\\ufffd';
    } else out += ch;
  }
  return out + '"';
}

function jsonSortKeys(keys: string[]): string[] {
  return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function encodeJson(v: Value, indent: string | undefined, level: number): string {
  if (v === undefined || v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return jsonString(v);
    case 'number':
      return jsonFloat(v);
    case 'bigint':
      return v.toString();
  }
  if (v instanceof PStr) return jsonString(v.s);
  if (v instanceof Int64) return v.v.toString();
  if (v instanceof Uint8Array) return '"' + Buffer.from(v).toString('base64') + '"';
  const nl = indent === undefined ? '' : '\n' + indent.repeat(level + 1);
  const end = indent === undefined ? '' : '\n' + indent.repeat(level);
  const sep = indent === undefined ? ':' : ': ';
  if (Array.isArray(v)) {
    if (v.length === 0) return (v as { nil?: boolean }).nil ? 'null' : '[]';
    return '[' + v.map((x) => nl + encodeJson(x, indent, level + 1)).join(',') + end + ']';
  }
  if (v instanceof Map) {
    if (v.size === 0) return '{}';
    const keys = (v as { ordered?: boolean }).ordered ? [...v.keys()] : jsonSortKeys([...v.keys()]);
    return '{' + keys.map((k) => nl + jsonString(k) + sep + encodeJson(v.get(k), indent, level + 1)).join(',') + end + '}';
  }
  if (v instanceof GoStruct) {
    const j = structJson(v);
    if (j instanceof Map) (j as { ordered?: boolean }).ordered = true;
    return encodeJson(j, indent, level);
  }
  return 'null';
}

/** A struct's JSON form: lower-camel field names, empty fields omitted (Helm's structs mostly use omitempty). */
function structJson(v: GoStruct): Value {
  if (v.json) return v.json();
  const m: GoMap = new Map();
  for (const [k, x] of v.fields) {
    if (x === null || x === undefined || x === '' || x === false || (Array.isArray(x) && x.length === 0) || (x instanceof Map && x.size === 0)) continue;
    m.set(k.length > 1 && k === k.toUpperCase() ? k.toLowerCase() : k[0].toLowerCase() + k.slice(1), x);
  }
  return m;
}

/** json.Marshal; throws on unsupported values (NaN/Inf). */
export function marshalJson(v: Value, indent?: string): string {
  return encodeJson(v, indent, 0);
}

/** Helm's toJson: empty string on error. */
export function toJson(v: Value): string {
  try {
    return marshalJson(v);
  } catch {
    return '';
  }
}

/** json.Unmarshal into interface{}: numbers float64. Throws with Go-like messages. */
export function parseJson(s: string): Value {
  let x: unknown;
  try {
    x = JSON.parse(s);
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    if (s.trim() === '') throw new Error('unexpected end of JSON input');
    throw new Error(m ? `invalid character ${JSON.stringify(s[Number(m[1])] ?? '')} looking for beginning of value` : 'unexpected end of JSON input');
  }
  const conv = (y: unknown): Value => {
    if (y === null) return null;
    if (Array.isArray(y)) return y.map(conv);
    if (typeof y === 'object') {
      const m: GoMap = new Map();
      for (const [k, v] of Object.entries(y as object)) m.set(k, conv(v));
      return m;
    }
    return y as Value;
  };
  return conv(x);
}

// ---------------------------------------------------------------------------------------------------------------
// YAML emitter (go-yaml v2 style) for the JSON-normalised tree

/** Normalises through JSON: float64 integral values become ints (as JSON text re-read by go-yaml). */
type YNode = { k: 'null' } | { k: 'bool'; v: boolean } | { k: 'int'; v: string } | { k: 'float'; v: string } | { k: 'str'; v: string } | { k: 'seq'; v: YNode[] } | { k: 'map'; v: [string, YNode][] };

function toYNode(v: Value): YNode {
  if (v === undefined || v === null) return { k: 'null' };
  switch (typeof v) {
    case 'boolean':
      return { k: 'bool', v };
    case 'string':
      return { k: 'str', v };
    case 'bigint':
      return { k: 'int', v: v.toString() };
    case 'number': {
      const j = jsonFloat(v);
      if (/^-?\d+$/.test(j)) {
        const b = BigInt(j);
        if (b >= -(1n << 63n) && b < 1n << 64n) return { k: 'int', v: b.toString() };
        return { k: 'float', v: formatFloat(Number(j), 'g', -1) };
      }
      return { k: 'float', v: formatFloat(Number(j), 'g', -1) };
    }
  }
  if (v instanceof PStr) return { k: 'str', v: v.s };
  if (v instanceof Int64) return { k: 'int', v: v.v.toString() };
  if (v instanceof Uint8Array) return { k: 'str', v: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return { k: 'seq', v: v.map(toYNode) };
  if (v instanceof Map) {
    const keys = [...v.keys()].sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
    return { k: 'map', v: keys.map((k) => [k, toYNode(v.get(k))] as [string, YNode]) };
  }
  if (v instanceof GoStruct) return toYNode(structJson(v));
  return { k: 'null' };
}

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** go-yaml v2 keyList.Less for string keys (digit runs compare numerically, letters after other characters). */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function isPrintableCp(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}
const isBreakCp = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;

function analyze(value: string): ScalarAnalysis {
  if (value.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let specialCharacters = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  const cps = [...value].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    const ch = String.fromCodePoint(c);
    const next = cps[i + 1];
    const followedByWhitespace = next === undefined || next === 0x20 || next === 0x09 || isBreakCp(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true;
      else if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) blockIndicators = true;
      if (ch === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintableCp(c)) specialCharacters = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCp(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === 0x20 || c === 0x09 || isBreakCp(c);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

const BEST_WIDTH = 80;

/** Writes scalars with go-yaml's line folding; tracks the column of the current line. */
class Emitter {
  out = '';
  column = 0;

  /** yaml.v3 with SetIndent(2) (Helm's toYamlPretty): sequences indented under their key, long lines not folded. */
  constructor(
    readonly seqIndent = false,
    readonly width = BEST_WIDTH,
  ) {}

  put(s: string): void {
    this.out += s;
    if (s.length === 1) {
      this.column = s === '\n' ? 0 : this.column + 1;
      return;
    }
    const nl = s.lastIndexOf('\n');
    this.column = nl >= 0 ? codePoints(s, nl + 1) : this.column + codePoints(s, 0);
  }
  indent(n: number): void {
    this.out += '\n' + ' '.repeat(n);
    this.column = n;
  }

  plain(value: string, indent: number, allowBreaks: boolean): void {
    let spaces = false;
    const chars = [...value];
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.width && chars[i + 1] !== ' ') this.indent(indent);
        else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    }
  }

  single(value: string, indent: number, allowBreaks: boolean): void {
    this.put("'");
    let spaces = false;
    const chars = [...value];
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.width && i !== 0 && i !== chars.length - 1 && chars[i + 1] !== ' ') this.indent(indent);
        else this.put(ch);
        spaces = true;
      } else {
        this.put(ch === "'" ? "''" : ch);
        spaces = false;
      }
    }
    this.put("'");
  }

  double(value: string, indent: number, allowBreaks: boolean): void {
    this.put('"');
    let spaces = false;
    const chars = [...value];
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      const c = ch.codePointAt(0)!;
      if (!isPrintableCp(c) || c === 0xfeff || isBreakCp(c) || ch === '"' || ch === '\\') {
        const esc: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 27: 'e', 34: '"', 92: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };
        if (esc[c] !== undefined) this.put('\\' + esc[c]);
        else if (c <= 0xff) this.put('\\x' + c.toString(16).toUpperCase().padStart(2, '0'));
        else if (c <= 0xffff) this.put('\\u' + c.toString(16).toUpperCase().padStart(4, '0'));
        else this.put('\\U' + c.toString(16).toUpperCase().padStart(8, '0'));
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.width && i !== 0 && i !== chars.length - 1) {
          this.indent(indent);
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    }
    this.put('"');
  }

  literal(value: string, indent: number): void {
    let hints = '|';
    const first = value.codePointAt(0);
    if (first !== undefined && (first === 0x20 || isBreakCp(first))) hints += '2';
    const cps = [...value].map((c) => c.codePointAt(0)!);
    const last = cps[cps.length - 1];
    if (cps.length === 0 || !isBreakCp(last)) hints += '-';
    else if (cps.length === 1 || isBreakCp(cps[cps.length - 2])) hints += '+';
    this.put(hints);
    this.out += '\n';
    this.column = 0;
    let breaks = true;
    let line = '';
    for (const ch of value) {
      const c = ch.codePointAt(0)!;
      if (isBreakCp(c)) {
        this.out += line + '\n';
        line = '';
        breaks = true;
      } else {
        if (breaks) {
          line += ' '.repeat(indent);
          breaks = false;
        }
        line += ch;
      }
    }
    this.out += line;
    this.column = [...line].length;
    // A literal ends with its own line break; the caller must not add another.
    this.endedWithBreak = breaks;
  }
  endedWithBreak = false;

  /** Emits a string scalar. `simpleKey` for mapping keys. */
  string(s: string, indent: number, simpleKey: boolean): void {
    const r = resolvePlain(s);
    const canPlain = r.tag === 'str' && !BASE60.test(s);
    const a = analyze(s);
    let style: 'plain' | 'single' | 'double' | 'literal' = s.includes('\n') ? 'literal' : canPlain ? 'plain' : 'double';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (s.length === 0 && simpleKey) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
    const allowBreaks = !simpleKey;
    switch (style) {
      case 'plain':
        return this.plain(s, indent, allowBreaks);
      case 'single':
        return this.single(s, indent, allowBreaks);
      case 'double':
        return this.double(s, indent, allowBreaks);
      case 'literal':
        return this.literal(s, indent);
    }
  }

  scalar(n: YNode, indent: number): void {
    switch (n.k) {
      case 'null':
        return this.put('null');
      case 'bool':
        return this.put(n.v ? 'true' : 'false');
      case 'int':
        return this.put(n.v);
      case 'float': {
        const f = Number(n.v);
        return this.put(Number.isNaN(f) ? '.nan' : f === Infinity ? '.inf' : f === -Infinity ? '-.inf' : n.v);
      }
      case 'str':
        return this.string(n.v, indent, false);
    }
  }

  /** Block node at the current position; `indent` is the indentation of its own lines. */
  node(n: YNode, indent: number): void {
    if (n.k === 'map') {
      if (n.v.length === 0) return this.put('{}');
      n.v.forEach(([k, v], i) => {
        if (i > 0) this.newline(indent);
        this.string(k, indent, true);
        this.put(':');
        this.value(v, indent);
      });
      return;
    }
    if (n.k === 'seq') {
      if (n.v.length === 0) return this.put('[]');
      n.v.forEach((v, i) => {
        if (i > 0) this.newline(indent);
        this.put('-');
        if (v.k === 'map' && v.v.length > 0) {
          this.put(' ');
          this.node(v, indent + 2);
        } else if (v.k === 'seq' && v.v.length > 0) {
          this.put(' ');
          this.node(v, indent + 2);
        } else {
          this.put(' ');
          this.scalarOrEmpty(v, indent + 2);
        }
      });
      return;
    }
    this.scalarOrEmpty(n, indent + 2);
  }

  private newline(indent: number): void {
    if (this.endedWithBreak) {
      this.out += ' '.repeat(indent);
      this.column = indent;
      this.endedWithBreak = false;
      return;
    }
    this.indent(indent);
  }

  private scalarOrEmpty(n: YNode, indent: number): void {
    if (n.k === 'map') return this.put('{}');
    if (n.k === 'seq') return this.put('[]');
    this.endedWithBreak = false;
    this.scalar(n, indent);
  }

  /** A mapping value after "key:". */
  private value(v: YNode, indent: number): void {
    if (v.k === 'map' && v.v.length > 0) {
      this.indent(indent + 2);
      this.node(v, indent + 2);
    } else if (v.k === 'seq' && v.v.length > 0) {
      const at = this.seqIndent ? indent + 2 : indent;
      this.indent(at);
      this.node(v, at);
    } else {
      this.put(' ');
      this.scalarOrEmpty(v, indent + 2);
    }
  }
}

/** sigs.k8s.io/yaml Marshal output (with its trailing newline). Throws on unsupported values. */
export function marshalYaml(v: Value): string {
  // JSON first: rejects what encoding/json rejects.
  marshalJson(v);
  const e = new Emitter();
  e.node(toYNode(v), 0);
  return e.endedWithBreak ? e.out : e.out + '\n';
}

/** Helm's toYamlPretty: yaml.v3 Encoder with SetIndent(2), trailing newline trimmed, "" on error. */
export function toYamlPretty(v: Value): string {
  try {
    marshalJson(v);
    const e = new Emitter(true, Infinity);
    e.node(toYNode(v), 0);
    const s = e.endedWithBreak ? e.out : e.out + '\n';
    return s.endsWith('\n') ? s.slice(0, -1) : s;
  } catch {
    return '';
  }
}

/** Helm's toYaml: marshal, trailing newline trimmed, "" on error. */
export function toYaml(v: Value): string {
  try {
    const s = marshalYaml(v);
    return s.endsWith('\n') ? s.slice(0, -1) : s;
  } catch {
    return '';
  }
}
