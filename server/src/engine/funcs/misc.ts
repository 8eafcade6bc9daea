// Sprig math, conversion, reflection, regex, encoding, path, URL, UUID and crypto-ish functions.

import { randomBytes, randomInt, randomUUID } from 'crypto';
import * as path from 'path';
import { RE2JS } from 're2js';
import type { FuncDef } from '../exec';
import { checkListSize } from '../limits';
import { formatFloat } from '../gofmt';
import { GoMap, GoStruct, Int64, Value, goKindName, goTypeName, intValue, wrap64 } from '../values';
import { marshalJson, parseJson } from '../yaml';
import { deepEqual, fn, GoError, stringList, strval, toFloat64, toInt64, typedList, nondeterministic } from './util';
import { Lru } from '../../util/lru';

const i64 = (n: bigint): Int64 => new Int64(wrap64(n));

// ---- decimal arithmetic for addf/subf/mulf (shopspring/decimal is exact on decimal strings) ----

function toDec(f: number): { m: bigint; e: number } {
  const s = formatFloat(f, 'e', -1); // d.ddde±x
  const [mant, exp] = s.split('e');
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const frac = (mant.split('.')[1] ?? '').length;
  const m = BigInt(digits) * (neg ? -1n : 1n);
  return { m, e: parseInt(exp, 10) - frac };
}
function decToFloat(m: bigint, e: number): number {
  return Number(`${m}e${e}`);
}
function decOp(a: number, b: number, op: 'add' | 'sub' | 'mul'): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return op === 'add' ? a + b : op === 'sub' ? a - b : a * b;
  const x = toDec(a);
  const y = toDec(b);
  if (op === 'mul') return decToFloat(x.m * y.m, x.e + y.e);
  const e = Math.min(x.e, y.e);
  const xm = x.m * 10n ** BigInt(x.e - e);
  const ym = y.m * 10n ** BigInt(y.e - e);
  return decToFloat(op === 'add' ? xm + ym : xm - ym, e);
}

function divInt(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new GoError('runtime error: integer divide by zero');
  return a / b;
}

// ---- regex (RE2 semantics) ----

const reCache = new Lru<string, RE2JS>({ maxEntries: 500, maxSize: 200_000, sizeOf: (_, expr) => expr.length });
function compile(expr: string): RE2JS {
  let re = reCache.get(expr);
  if (!re) {
    try {
      re = RE2JS.compile(expr);
    } catch (e) {
      throw new GoError(`regexp: Compile(${JSON.stringify(expr)}): ${(e as Error).message}`);
    }
    reCache.set(expr, re);
  }
  return re;
}

/** Go's Regexp.Expand-style template: $1, ${name}, $$. */
function expandRepl(repl: string, groups: (string | null)[], names: Record<string, number>): string {
  return repl.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_m, d, braced, bare) => {
    if (d === '$') return '$';
    const name = braced ?? bare;
    const idx = /^\d+$/.test(name) ? parseInt(name, 10) : names[name];
    if (idx === undefined || idx >= groups.length) return '';
    return groups[idx] ?? '';
  });
}

interface Match {
  start: number;
  end: number;
  groups: (string | null)[];
}

/** Go's FindAllSubmatchIndex loop: an empty match right after the previous match is skipped. */
function findAll(re: RE2JS, s: string, n: number): Match[] {
  const out: Match[] = [];
  const m = re.matcher(s);
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && m.find()) {
    const start = m.start();
    const end = m.end();
    if (start === end && start === prevEnd) continue;
    const groups: (string | null)[] = [];
    for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i));
    out.push({ start, end, groups });
    prevEnd = end;
  }
  return out;
}

function regexReplace(expr: string, s: string, repl: string, literal: boolean): string {
  const re = compile(expr);
  const names = re.namedGroups() as Record<string, number>;
  let out = '';
  let pos = 0;
  for (const m of findAll(re, s, -1)) {
    out += s.slice(pos, m.start) + (literal ? repl : expandRepl(repl, m.groups, names));
    pos = m.end;
  }
  return out + s.slice(pos);
}

function regexSplit(expr: string, s: string, n: number): string[] {
  if (n === 0) return [];
  const re = compile(expr);
  if (expr.length > 0 && s.length === 0) return [''];
  const matches = findAll(re, s, n);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = m.start;
    if (m.end === 0) continue;
    out.push(s.slice(beg, end));
    beg = m.end;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

// ---- semver (Masterminds/semver v3) ----

interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: string;
  original: string;
}

const SEMVER_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

export function parseSemver(v: string): SemVer {
  const m = SEMVER_RE.exec(v.trim());
  if (!m) throw new GoError('Invalid Semantic Version');
  return { major: +m[1], minor: m[2] ? +m[2].slice(1) : 0, patch: m[3] ? +m[3].slice(1) : 0, pre: m[5] ?? '', original: v };
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    const xn = /^\d+$/.test(x[i]);
    const yn = /^\d+$/.test(y[i]);
    if (xn && yn) {
      const d = +x[i] - +y[i];
      if (d) return d < 0 ? -1 : 1;
    } else if (xn) return -1;
    else if (yn) return 1;
    else if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

export function compareSemver(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return comparePre(a.pre, b.pre);
}

const CONSTRAINT_RE = /^\s*(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)?\s*v?([0-9xX*]+(\.[0-9xX*]+)?(\.[0-9xX*]+)?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)\s*$/;

interface Bound {
  op: string;
  v: SemVer;
  dirty: 'major' | 'minor' | 'patch' | '';
  hasPre: boolean;
}

function parseBound(c: string): Bound {
  const m = CONSTRAINT_RE.exec(c);
  if (!m) throw new GoError(`improper constraint: ${c}`);
  const op = m[1] ?? '';
  const parts = m[2].split(/[-+]/)[0].split('.');
  let dirty: Bound['dirty'] = '';
  const nums = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const p = parts[i];
    if (p === undefined || /^[xX*]$/.test(p)) {
      if (!dirty) dirty = (['major', 'minor', 'patch'] as const)[i];
      continue;
    }
    nums[i] = +p;
  }
  const pre = m[5] ? m[5].slice(1) : '';
  return { op, v: { major: nums[0], minor: nums[1], patch: nums[2], pre, original: m[2] }, dirty, hasPre: pre !== '' };
}

function checkBound(b: Bound, v: SemVer): boolean {
  // Prereleases only match constraints that carry a prerelease themselves.
  if (v.pre && !b.hasPre) return false;
  const c = compareSemver(v, b.v);
  switch (b.op) {
    case '':
    case '=':
      if (b.dirty === 'major') return true;
      if (b.dirty === 'minor') return v.major === b.v.major;
      if (b.dirty === 'patch') return v.major === b.v.major && v.minor === b.v.minor;
      return c === 0;
    case '!=':
      if (b.dirty === 'minor') return v.major !== b.v.major;
      if (b.dirty === 'patch') return v.major !== b.v.major || v.minor !== b.v.minor;
      return c !== 0;
    case '>':
      if (b.dirty === 'minor') return v.major > b.v.major;
      if (b.dirty === 'patch') return v.major > b.v.major || (v.major === b.v.major && v.minor > b.v.minor);
      return c > 0;
    case '<':
      return c < 0;
    case '>=':
    case '=>':
      return c >= 0;
    case '<=':
    case '=<':
      if (b.dirty === 'minor') return v.major <= b.v.major;
      if (b.dirty === 'patch') return v.major < b.v.major || (v.major === b.v.major && v.minor <= b.v.minor);
      return c <= 0;
    case '~':
    case '~>': {
      if (c < 0) return false;
      if (b.dirty === 'major') return true;
      if (b.dirty === 'minor' && b.v.major === 0 && b.v.minor === 0) return v.major === 0;
      if (b.dirty === 'minor') return v.major === b.v.major;
      return v.major === b.v.major && v.minor === b.v.minor;
    }
    case '^': {
      if (c < 0) return false;
      if (b.v.major > 0 || b.dirty === 'minor' || b.dirty === 'major') return v.major === b.v.major;
      if (b.v.minor > 0 || b.dirty === 'patch') return v.major === 0 && v.minor === b.v.minor;
      return v.major === 0 && v.minor === 0 && v.patch === b.v.patch;
    }
  }
  return false;
}

export function semverCompare(constraint: string, version: string): boolean {
  // Sprig parses the constraint (every || part must be a valid one) before the version.
  const ors = constraint.split('||').map((or) => {
    // Hyphen ranges "a - b" first, then AND-ed terms separated by commas or spaces.
    const expanded = or.replace(/\s*([0-9][0-9A-Za-z.+-]*)\s+-\s+([0-9][0-9A-Za-z.+-]*)\s*/g, ' >=$1, <=$2 ');
    const terms = expanded
      .split(',')
      .flatMap((t) => t.trim().replace(/(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)\s+/g, '$1').split(/\s+/))
      .filter(Boolean);
    if (terms.length === 0) throw new GoError(`improper constraint: ${or}`);
    return terms.map(parseBound);
  });
  let v: SemVer;
  try {
    v = parseSemver(version);
  } catch {
    throw new GoError('Invalid Semantic Version');
  }
  return ors.some((bounds) => bounds.every((b) => checkBound(b, v)));
}

function semverStruct(v: string): Value {
  const s = parseSemver(v);
  const m = SEMVER_RE.exec(v.trim())!;
  const meta = m[8] ?? '';
  const canon = `${s.major}.${s.minor}.${s.patch}${s.pre ? '-' + s.pre : ''}${meta ? '+' + meta : ''}`;
  const num = (n: number) => ({ params: [], fn: () => new Int64(BigInt(n)) });
  const other = (f: (c: number) => Value) => ({
    params: ['any' as const],
    fn: (o: Value) => {
      const ov = o instanceof GoStruct && o.native ? (o.native as SemVer) : parseSemver(strval(o));
      return f(compareSemver(s, ov));
    },
  });
  return new GoStruct(
    '*semver.Version',
    new Map(),
    {
      Major: num(s.major),
      Minor: num(s.minor),
      Patch: num(s.patch),
      Prerelease: { params: [], fn: () => s.pre },
      Metadata: { params: [], fn: () => meta },
      Original: { params: [], fn: () => v },
      String: { params: [], fn: () => canon },
      LessThan: other((c) => c < 0),
      GreaterThan: other((c) => c > 0),
      Equal: other((c) => c === 0),
      Compare: other((c) => BigInt(c)),
    },
    () => canon,
    s,
  );
}

// ---- paths & URLs ----

function urlParse(v: string): Value {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new GoError(`unable to parse url: parse ${JSON.stringify(v)}: invalid URL`);
  }
  const m: GoMap = new Map();
  m.set('scheme', u.protocol.replace(/:$/, ''));
  m.set('host', u.host);
  m.set('hostname', u.hostname);
  m.set('path', decodeURIComponent(u.pathname));
  m.set('query', u.search.replace(/^\?/, ''));
  m.set('opaque', '');
  m.set('fragment', decodeURIComponent(u.hash.replace(/^#/, '')));
  m.set('userinfo', u.username ? u.username + (u.password ? ':' + u.password : '') : '');
  return m;
}

function urlJoin(d: GoMap): string {
  const g = (k: string): string => {
    const v = d.get(k);
    return typeof v === 'string' ? v : '';
  };
  let out = g('scheme') ? g('scheme') + ':' : '';
  if (g('host') || g('userinfo')) out += '//' + (g('userinfo') ? g('userinfo') + '@' : '') + g('host');
  out += g('path');
  if (g('query')) out += '?' + g('query');
  if (g('fragment')) out += '#' + g('fragment');
  return out;
}

/** Sprig's seq, on its untilStep (stop exclusive): `seq 0` is "1 0", `seq -2` is "1 0 -1 -2". */
function seq(params: bigint[]): string {
  const until = (start: bigint, stop: bigint, step: bigint): string => {
    if (stop < start ? step >= 0n : step <= 0n) return '';
    checkListSize('seq', Number((stop - start) / step));
    const out: string[] = [];
    if (stop < start) for (let i = start; i > stop; i += step) out.push(i.toString());
    else for (let i = start; i < stop; i += step) out.push(i.toString());
    return out.join(' ');
  };
  if (params.length === 1) {
    const inc = params[0] < 1n ? -1n : 1n;
    return until(1n, params[0] + inc, inc);
  }
  if (params.length === 2) {
    const step = params[1] < params[0] ? -1n : 1n;
    return until(params[0], params[1] + step, step);
  }
  if (params.length === 3) {
    const [start, step, end] = params;
    if (end < start && step > 0n) return '';
    return until(start, end + (end < start ? -1n : 1n), step);
  }
  return '';
}

function untilStep(start: number, stop: number, step: number, what = 'untilStep'): Value {
  const v: Value[] = [];
  if (step !== 0 && (stop - start) / step > 0) checkListSize(what, Math.ceil((stop - start) / step));
  if (stop < start) {
    if (step >= 0) return typedList(v, 'int');
    for (let i = start; i > stop; i += step) v.push(BigInt(i));
    return typedList(v, 'int');
  }
  if (step <= 0) return typedList(v, 'int');
  for (let i = start; i < stop; i += step) v.push(BigInt(i));
  return typedList(v, 'int');
}

function round(a: Value, p: number, roundOn: number): number {
  const val = toFloat64(a);
  const pow = Math.pow(10, p);
  const digit = pow * val;
  const div = digit - Math.trunc(digit);
  const r = div >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

export const MISC_FUNCS: Record<string, FuncDef> = {
  // conversions
  atoi: fn(['string'], ([a]) => {
    const s = a as string;
    return /^[+-]?\d+$/.test(s) ? BigInt(s) : 0n;
  }),
  int: fn(['any'], ([a]) => wrap64(toInt64(a))),
  int64: fn(['any'], ([a]) => i64(toInt64(a))),
  float64: fn(['any'], ([a]) => toFloat64(a)),
  toDecimal: fn(['any'], ([a]) => {
    const s = typeof a === 'string' ? a : String(a);
    return i64(/^[+-]?[0-7]+$/.test(s) ? BigInt(parseInt(s, 8)) : 0n);
  }),
  seq: fn([], (ps) => seq(ps.map((p) => intValue(p))), { variadic: 'int' }),
  until: fn(['int'], ([n]) => {
    const c = Number(n);
    return untilStep(0, c, c < 0 ? -1 : 1, 'until');
  }),
  untilStep: fn(['int', 'int', 'int'], ([a, b, c]) => untilStep(Number(a), Number(b), Number(c))),

  // integer math (int64)
  add1: fn(['any'], ([a]) => i64(toInt64(a) + 1n)),
  add: fn([], (vs) => i64(vs.reduce<bigint>((acc, v) => acc + toInt64(v), 0n)), { variadic: 'any' }),
  sub: fn(['any', 'any'], ([a, b]) => i64(toInt64(a) - toInt64(b))),
  div: fn(['any', 'any'], ([a, b]) => i64(divInt(toInt64(a), toInt64(b)))),
  mod: fn(['any', 'any'], ([a, b]) => {
    const y = toInt64(b);
    if (y === 0n) throw new GoError('runtime error: integer divide by zero');
    return i64(toInt64(a) % y);
  }),
  mul: fn(['any'], ([a, ...vs]) => i64(vs.reduce<bigint>((acc, v) => wrap64(acc * toInt64(v)), toInt64(a))), { variadic: 'any' }),
  randInt: nondeterministic('random', fn(['int', 'int'], ([a, b]) => BigInt(randomInt(Number(a), Number(b))))),
  max: fn(['any'], ([a, ...vs]) => i64(vs.reduce<bigint>((m, v) => (toInt64(v) > m ? toInt64(v) : m), toInt64(a))), { variadic: 'any' }),
  biggest: fn(['any'], ([a, ...vs]) => i64(vs.reduce<bigint>((m, v) => (toInt64(v) > m ? toInt64(v) : m), toInt64(a))), { variadic: 'any' }),
  min: fn(['any'], ([a, ...vs]) => i64(vs.reduce<bigint>((m, v) => (toInt64(v) < m ? toInt64(v) : m), toInt64(a))), { variadic: 'any' }),

  // float math
  add1f: fn(['any'], ([a]) => decOp(toFloat64(a), 1, 'add')),
  addf: fn([], (vs) => vs.reduce<number>((acc, v) => decOp(acc, toFloat64(v), 'add'), 0), { variadic: 'any' }),
  subf: fn(['any'], ([a, ...vs]) => vs.reduce<number>((acc, v) => decOp(acc, toFloat64(v), 'sub'), toFloat64(a)), { variadic: 'any' }),
  divf: fn(['any'], ([a, ...vs]) => vs.reduce<number>((acc, v) => acc / toFloat64(v), toFloat64(a)), { variadic: 'any' }),
  mulf: fn(['any'], ([a, ...vs]) => vs.reduce<number>((acc, v) => decOp(acc, toFloat64(v), 'mul'), toFloat64(a)), { variadic: 'any' }),
  maxf: fn(['any'], ([a, ...vs]) => vs.reduce<number>((m, v) => Math.max(m, toFloat64(v)), toFloat64(a)), { variadic: 'any' }),
  minf: fn(['any'], ([a, ...vs]) => vs.reduce<number>((m, v) => Math.min(m, toFloat64(v)), toFloat64(a)), { variadic: 'any' }),
  ceil: fn(['any'], ([a]) => Math.ceil(toFloat64(a))),
  floor: fn(['any'], ([a]) => Math.floor(toFloat64(a))),
  round: fn(['any', 'int'], ([a, p, r]) => round(a, Number(p), r === undefined ? 0.5 : toFloat64(r)), { variadic: 'float64' }),

  // reflection
  typeOf: fn(['any'], ([a]) => goTypeName(a)),
  typeIs: fn(['string', 'any'], ([t, a]) => t === goTypeName(a)),
  typeIsLike: fn(['string', 'any'], ([t, a]) => {
    const n = goTypeName(a);
    return t === n || '*' + t === n;
  }),
  kindOf: fn(['any'], ([a]) => goKindName(a)),
  kindIs: fn(['string', 'any'], ([t, a]) => t === goKindName(a)),
  deepEqual: fn(['any', 'any'], ([a, b]) => deepEqual(a, b)),

  // encoding
  toJson: fn(['any'], ([a]) => {
    try {
      return marshalJson(a);
    } catch {
      return '';
    }
  }),
  toPrettyJson: fn(['any'], ([a]) => {
    try {
      return marshalJson(a, '  ');
    } catch {
      return '';
    }
  }),
  toRawJson: fn(['any'], ([a]) => {
    try {
      return marshalJson(a).replace(/\\u003c/g, '<').replace(/\\u003e/g, '>').replace(/\\u0026/g, '&');
    } catch {
      return '';
    }
  }),
  fromJson: fn(['string'], ([s]) => {
    try {
      const v = parseJson(s as string);
      if (!(v instanceof Map)) throw new Error(`json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}`);
      return v;
    } catch (e) {
      return new Map<string, Value>([['Error', (e as Error).message]]);
    }
  }),
  fromJsonArray: fn(['string'], ([s]) => {
    try {
      const v = parseJson(s as string);
      if (!Array.isArray(v)) throw new Error(`json: cannot unmarshal object into Go value of type []interface {}`);
      return v;
    } catch (e) {
      return [(e as Error).message];
    }
  }),
  mustToJson: fn(['any'], ([a]) => marshalJson(a)),
  mustToPrettyJson: fn(['any'], ([a]) => marshalJson(a, '  ')),
  mustToRawJson: fn(['any'], ([a]) => marshalJson(a).replace(/\\u003c/g, '<').replace(/\\u003e/g, '>').replace(/\\u0026/g, '&')),
  mustFromJson: fn(['string'], ([s]) => parseJson(s as string)),

  // regex
  regexMatch: fn(['string', 'string'], ([r, s]) => {
    try {
      return compile(r as string).matcher(s as string).find();
    } catch {
      return false;
    }
  }),
  mustRegexMatch: fn(['string', 'string'], ([r, s]) => compile(r as string).matcher(s as string).find()),
  regexFindAll: fn(['string', 'string', 'int'], ([r, s, n]) => stringList(findAll(compile(r as string), s as string, Number(n)).map((m) => m.groups[0] ?? ''))),
  mustRegexFindAll: fn(['string', 'string', 'int'], ([r, s, n]) => stringList(findAll(compile(r as string), s as string, Number(n)).map((m) => m.groups[0] ?? ''))),
  regexFind: fn(['string', 'string'], ([r, s]) => findAll(compile(r as string), s as string, 1)[0]?.groups[0] ?? ''),
  mustRegexFind: fn(['string', 'string'], ([r, s]) => findAll(compile(r as string), s as string, 1)[0]?.groups[0] ?? ''),
  regexReplaceAll: fn(['string', 'string', 'string'], ([r, s, repl]) => regexReplace(r as string, s as string, repl as string, false)),
  mustRegexReplaceAll: fn(['string', 'string', 'string'], ([r, s, repl]) => regexReplace(r as string, s as string, repl as string, false)),
  regexReplaceAllLiteral: fn(['string', 'string', 'string'], ([r, s, repl]) => regexReplace(r as string, s as string, repl as string, true)),
  mustRegexReplaceAllLiteral: fn(['string', 'string', 'string'], ([r, s, repl]) => regexReplace(r as string, s as string, repl as string, true)),
  regexSplit: fn(['string', 'string', 'int'], ([r, s, n]) => stringList(regexSplit(r as string, s as string, Number(n)))),
  mustRegexSplit: fn(['string', 'string', 'int'], ([r, s, n]) => stringList(regexSplit(r as string, s as string, Number(n)))),
  regexQuoteMeta: fn(['string'], ([s]) => (s as string).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')),

  // semver
  semverCompare: fn(['string', 'string'], ([c, v]) => semverCompare(c as string, v as string)),
  semver: fn(['string'], ([v]) => semverStruct(v as string)),

  // paths
  base: fn(['string'], ([p]) => path.posix.basename(p as string) || (p === '' ? '.' : '/')),
  dir: fn(['string'], ([p]) => path.posix.dirname(path.posix.normalize((p as string) || '.'))),
  clean: fn(['string'], ([p]) => {
    const c = path.posix.normalize((p as string) || '.');
    return c.length > 1 ? c.replace(/\/$/, '') : c;
  }),
  ext: fn(['string'], ([p]) => path.posix.extname(p as string)),
  isAbs: fn(['string'], ([p]) => (p as string).startsWith('/')),
  osBase: fn(['string'], ([p]) => path.posix.basename(p as string)),
  osClean: fn(['string'], ([p]) => path.posix.normalize((p as string) || '.')),
  osDir: fn(['string'], ([p]) => path.posix.dirname(p as string)),
  osExt: fn(['string'], ([p]) => path.posix.extname(p as string)),
  osIsAbs: fn(['string'], ([p]) => (p as string).startsWith('/')),

  // urls, ids, randomness
  urlParse: fn(['string'], ([v]) => urlParse(v as string)),
  urlJoin: fn(['map'], ([d]) => urlJoin(d as GoMap)),
  uuidv4: nondeterministic('random', fn([], () => randomUUID())),
  randBytes: nondeterministic('random', fn(['int'], ([n]) => randomBytes(Number(n)).toString('base64'))),
  getHostByName: fn(['string'], () => ''),

  // failure
  fail: fn(['string'], ([m]) => {
    throw new GoError(m as string);
  }),
};

