// Go's fmt package (Sprint, Sprintln, Sprintf) and strconv formatting for engine values.

import { goBytesOf, goStringOf } from './gostring';
import { PStr } from './pstr';
import { GoStruct, Int64, Value, goTypeName, sortedKeys } from './values';

// ---- strconv ----

/** Shortest round-trip decimal digits and decimal point position of a finite non-zero |f| (like strconv's `digs`). */
function shortestDigits(f: number): { d: string; dp: number } {
  const e = Math.abs(f).toExponential(); // shortest round-trip digits
  const [mant, exp] = e.split('e');
  const d = mant.replace('.', '');
  return { d, dp: parseInt(exp, 10) + 1 };
}

/** Digits of |f| rounded to `n` significant digits. */
function precDigits(f: number, n: number): { d: string; dp: number } {
  if (n < 1) n = 1;
  if (n > 100) n = 100;
  const e = Math.abs(f).toExponential(n - 1);
  const [mant, exp] = e.split('e');
  return { d: mant.replace('.', ''), dp: parseInt(exp, 10) + 1 };
}

function fmtE(neg: boolean, d: string, dp: number, prec: number, ch: string): string {
  let s = neg ? '-' : '';
  s += d[0] ?? '0';
  if (prec > 0) {
    let frac = d.slice(1, 1 + prec);
    while (frac.length < prec) frac += '0';
    s += '.' + frac;
  }
  const exp = d === '0' ? 0 : dp - 1;
  const ae = Math.abs(exp);
  s += ch + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' + ae : String(ae));
  return s;
}

function fmtF(neg: boolean, d: string, dp: number, prec: number): string {
  let s = neg ? '-' : '';
  if (dp > 0) {
    s += d.length >= dp ? d.slice(0, dp) : d + '0'.repeat(dp - d.length);
  } else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      const j = dp + i;
      s += j < 0 || j >= d.length ? '0' : d[j];
    }
  }
  return s;
}

/** strconv.FormatFloat(f, fmt, prec, 64) for fmt in e, E, f, g, G. */
export function formatFloat(f: number, fmt: string, prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const shortest = prec < 0;
  let dg: { d: string; dp: number };
  if (f === 0) dg = { d: '0', dp: 1 };
  else if (shortest) dg = shortestDigits(f);
  else if (fmt === 'e' || fmt === 'E') dg = precDigits(f, prec + 1);
  else if (fmt === 'f') {
    // Round to `prec` decimals: digits up to the point plus prec.
    const s = Math.abs(f).toFixed(Math.min(prec, 100));
    if (!s.includes('e')) return (neg ? '-' : '') + s;
    dg = shortestDigits(f);
  } else dg = precDigits(f, prec === 0 ? 1 : prec);
  const { d, dp } = dg;
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, d, dp, shortest ? Math.max(d.length - 1, 0) : prec, fmt);
    case 'f':
      return fmtF(neg, d, dp, shortest ? Math.max(d.length - dp, 0) : prec);
    default: {
      // 'g' / 'G'
      let p = shortest ? d.length : prec === 0 ? 1 : prec;
      let eprec = p;
      if (eprec > d.length && d.length >= dp) eprec = d.length;
      if (shortest) eprec = 6;
      const exp = dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (p > d.length) p = d.length;
        return fmtE(neg, d, dp, p - 1, fmt === 'G' ? 'E' : 'e');
      }
      if (p > dp) p = d.length;
      return fmtF(neg, d, dp, Math.max(p - dp, 0));
    }
  }
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote (asciiOnly: QuoteToASCII). */
export function goQuote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
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
      case '\v':
        out += '\\v';
        continue;
    }
    if (r < 0x80 ? r >= 0x20 && r < 0x7f : !asciiOnly && PRINTABLE.test(ch)) {
      out += ch;
    } else if (r < 0x20 || r === 0x7f) {
      out += '\\x' + r.toString(16).padStart(2, '0');
    } else if (r >= 0xd800 && r <= 0xdfff) {
      out += '\\ufffd';
    } else if (r < 0x10000) {
      out += '\\u' + r.toString(16).padStart(4, '0');
    } else {
      out += '\\U' + r.toString(16).padStart(8, '0');
    }
  }
  return out + '"';
}

function quoteRune(r: number): string {
  const ch = String.fromCodePoint(r);
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  const q = goQuote(ch);
  return "'" + q.slice(1, -1) + "'";
}

// ---- fmt ----

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

const NO_FLAGS: Flags = { plus: false, minus: false, sharp: false, space: false, zero: false };

function pad(s: string, f: Flags, numeric = false): string {
  if (f.width === undefined) return s;
  const n = [...s].length;
  if (n >= f.width) return s;
  const fill = f.width - n;
  if (f.minus) return s + ' '.repeat(fill);
  if (f.zero && numeric) {
    const sign = s[0] === '-' || s[0] === '+' || s[0] === ' ' ? s[0] : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  // fmt pads everything else (strings, bools, bad verbs) with zeros too when the 0 flag is set.
  return (f.zero ? '0' : ' ').repeat(fill) + s;
}

/** A rune as Go writes it: invalid code points become U+FFFD. */
function validRune(n: bigint): number {
  return n < 0n || n > 0x10ffffn || (n >= 0xd800n && n <= 0xdfffn) ? 0xfffd : Number(n);
}

function fmtInteger(n: bigint, verb: string, f: Flags, typeName: string, v: Value): string {
  const neg = n < 0n;
  const a = neg ? -n : n;
  let digits: string;
  switch (verb) {
    case 'v':
    case 'd':
      digits = a.toString(10);
      break;
    case 'b':
      digits = a.toString(2);
      break;
    case 'o':
    case 'O':
      digits = a.toString(8);
      if (verb === 'O') digits = '0o' + digits;
      else if (f.sharp && digits !== '0') digits = '0' + digits;
      break;
    case 'x':
      digits = a.toString(16);
      if (f.sharp) digits = '0x' + digits;
      break;
    case 'X':
      digits = a.toString(16).toUpperCase();
      if (f.sharp) digits = '0X' + digits;
      break;
    case 'c':
      return pad(String.fromCodePoint(validRune(n)), f);
    case 'q':
      return pad(quoteRune(validRune(n)), f);
    case 'U':
      return pad('U+' + a.toString(16).toUpperCase().padStart(4, '0'), f);
    default:
      return badVerb(verb, typeName, v, f);
  }
  if (f.prec !== undefined) {
    digits = digits.padStart(f.prec, '0');
    if (f.prec === 0 && n === 0n) digits = '';
  }
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  // A precision disables zero padding for integers.
  return f.prec === undefined ? pad(sign + digits, f, true) : pad(sign + digits, { ...f, zero: false });
}

function fmtFloatVerb(x: number, verb: string, f: Flags, v: Value): string {
  let s: string;
  switch (verb) {
    case 'v':
      s = formatFloat(x, 'g', f.prec ?? -1);
      break;
    case 'g':
    case 'G':
      s = formatFloat(x, verb, f.prec ?? -1);
      break;
    case 'e':
    case 'E':
      s = formatFloat(x, verb, f.prec ?? 6);
      break;
    case 'f':
    case 'F':
      s = formatFloat(x, 'f', f.prec ?? 6);
      break;
    case 'x':
    case 'X':
      s = hexFloat(x, f.prec ?? -1, verb === 'X');
      break;
    case 'b':
      s = binaryFloat(x);
      break;
    default:
      return badVerb(verb, 'float64', v, f);
  }
  if (f.plus && s[0] !== '-' && s[0] !== '+') s = '+' + s;
  else if (f.space && s[0] !== '-') s = ' ' + s;
  if (s === 'NaN' || s.endsWith('Inf')) return pad(s, { ...f, zero: false });
  return pad(s, f, true);
}

function fmtString(s: string, verb: string, f: Flags, v: Value, typeName = 'string'): string {
  switch (verb) {
    case 'v':
    case 's': {
      if (f.prec !== undefined) s = [...s].slice(0, f.prec).join('');
      return pad(s, f);
    }
    case 'q':
      if (f.sharp && !s.includes('`') && !/[\x00-\x08\x0a-\x1f\x7f]/.test(s)) return pad('`' + s + '`', f);
      return pad(goQuote(s, f.plus), f);
    case 'x':
    case 'X': {
      const bytes = goBytesOf(s);
      let h = '';
      for (let i = 0; i < bytes.length; i++) {
        if (f.space && i > 0) h += ' ';
        if (f.sharp && (f.space || i === 0)) h += verb === 'x' ? '0x' : '0X';
        const b = bytes[i].toString(16).padStart(2, '0');
        h += verb === 'X' ? b.toUpperCase() : b;
      }
      return pad(h, f);
    }
    default:
      return badVerb(verb, typeName, v, f);
  }
}

/** fmt's badVerb: the operand printed with %v under the same flags (width, precision, zero). */
function badVerb(verb: string, typeName: string, v: Value, f: Flags = NO_FLAGS): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName}=${formatValue(v, 'v', f, 0)})`;
}

function floatParts(x: number): { neg: boolean; mant: bigint; exp: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const bits = dv.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const e = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (e === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = e - 1075;
  }
  return { neg, mant, exp };
}

/** strconv.FormatFloat(x, 'b', -1, 64). */
function binaryFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  const { neg, mant, exp } = floatParts(x);
  return `${neg ? '-' : ''}${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

/** strconv.FormatFloat(x, 'x'/'X', prec, 64): 0x1.8p+00. */
function hexFloat(x: number, prec: number, upper: boolean): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  let { neg, mant, exp } = floatParts(x);
  let digits: string;
  if (mant === 0n) {
    exp = 0;
    digits = prec > 0 ? '0'.repeat(prec) : '';
    const s0 = `${neg ? '-' : ''}0x0${digits ? '.' + digits : ''}p+00`;
    return upper ? s0.toUpperCase() : s0;
  }
  // Normalise to 1.fffff (53 significant bits) x 2^exp.
  while (mant < 1n << 52n) {
    mant <<= 1n;
    exp--;
  }
  exp += 52;
  let frac = mant & ((1n << 52n) - 1n);
  let lead = 1n;
  if (prec >= 0 && prec < 13) {
    const shift = BigInt((13 - prec) * 4);
    let keep = frac >> shift;
    const rem = frac & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (keep & 1n) === 1n)) keep++;
    if (keep >> BigInt(prec * 4) > 0n) {
      keep = 0n;
      lead = 1n;
      exp++;
    }
    digits = prec === 0 ? '' : keep.toString(16).padStart(prec, '0');
  } else {
    digits = frac.toString(16).padStart(13, '0');
    if (prec < 0) digits = digits.replace(/0+$/, '');
    else digits = digits.padEnd(prec, '0');
  }
  const e = Math.abs(exp);
  const s = `${neg ? '-' : ''}0x${lead}${digits ? '.' + digits : ''}p${exp >= 0 ? '+' : '-'}${e < 10 ? '0' + e : e}`;
  return upper ? s.toUpperCase() : s;
}

/** Formats one operand like fmt's printArg/printValue. `depth` > 0 inside containers. */
export function formatValue(v: Value, verb: string, f: Flags, depth: number): string {
  if (verb === 'T') return pad(goTypeName(v), f);
  if (v === undefined || v === null) {
    return verb === 'v' ? pad('<nil>', f) : `%!${verb}(<nil>)`;
  }
  switch (typeof v) {
    case 'boolean':
      return verb === 'v' || verb === 't' ? pad(String(v), f) : badVerb(verb, 'bool', v, f);
    case 'string':
      return fmtString(v, verb, f, v);
    case 'number':
      return fmtFloatVerb(v, verb, f, v);
    case 'bigint':
      return fmtInteger(v, verb, f, 'int', v);
  }
  if (v instanceof PStr) return fmtString(v.s, verb, f, v);
  if (v instanceof Int64) return fmtInteger(v.v, verb, f, 'int64', v);
  if (v instanceof Uint8Array) {
    if (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') return fmtString(goStringOf(v), verb, f, v, '[]uint8');
    const parts: string[] = [];
    for (const b of v) parts.push(fmtInteger(BigInt(b), verb, f, 'uint8', b as unknown as Value));
    return '[' + parts.join(' ') + ']';
  }
  if (Array.isArray(v)) {
    // A nil interface{} element prints <nil> whatever the verb.
    const el = (x: Value): string => (x === null || x === undefined ? '<nil>' : formatValue(x, verb, f, depth + 1));
    return '[' + v.map(el).join(' ') + ']';
  }
  if (v instanceof Map) {
    const parts: string[] = [];
    for (const k of sortedKeys(v)) {
      const x = v.get(k);
      parts.push(formatValue(k, verb, f, depth + 1) + ':' + (x === null || x === undefined ? '<nil>' : formatValue(x, verb, f, depth + 1)));
    }
    return 'map[' + parts.join(' ') + ']';
  }
  if (v instanceof GoStruct) {
    if (v.typeName === 'complex128' && Array.isArray(v.native)) {
      // fmtComplex: each part as a float with the verb, the imaginary one always signed.
      const [re, im] = v.native as number[];
      if (!'vbgGxXfFeE'.includes(verb)) return badVerb(verb, 'complex128', v, f);
      return '(' + fmtFloatVerb(re, verb, f, v) + fmtFloatVerb(im, verb, { ...f, plus: true }, v) + 'i)';
    }
    if (v.stringer && (verb === 'v' || verb === 's')) return pad(v.stringer(), f);
    const parts: string[] = [];
    for (const x of v.fields.values()) parts.push(formatValue(x, verb, f, depth + 1));
    return (v.typeName.startsWith('*') && depth === 0 ? '&' : '') + '{' + parts.join(' ') + '}';
  }
  return '?';
}

function isStringArg(v: Value): boolean {
  return typeof v === 'string' || v instanceof PStr;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: Value[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && !isStringArg(args[i]) && !isStringArg(args[i - 1])) out += ' ';
    out += formatValue(args[i], 'v', NO_FLAGS, 0);
  }
  return out;
}

/** fmt.Sprintln: always spaces, trailing newline. */
export function sprintln(args: Value[]): string {
  return args.map((a) => formatValue(a, 'v', NO_FLAGS, 0)).join(' ') + '\n';
}

/** The %v text of a single value (fmt.Sprint(v)). */
export function sprintValue(v: Value): string {
  if (typeof v === 'string') return v;
  return formatValue(v, 'v', NO_FLAGS, 0);
}

function argInt(v: Value): number | undefined {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Int64) return Number(v.v);
  return undefined;
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: Value[]): string {
  let out = '';
  let argi = 0;
  let reordered = false;
  const n = format.length;
  let i = 0;
  while (i < n) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f: Flags = { plus: false, minus: false, sharp: false, space: false, zero: false };
    flags: for (; i < n; i++) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = true;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    // Argument index [n]
    const readIndex = (): void => {
      if (format[i] !== '[') return;
      const close = format.indexOf(']', i);
      if (close < 0) return;
      const k = parseInt(format.slice(i + 1, close), 10);
      if (!Number.isNaN(k)) {
        argi = k - 1;
        reordered = true;
      }
      i = close + 1;
    };
    readIndex();
    if (format[i] === '*') {
      i++;
      const w = argInt(args[argi++]);
      if (w === undefined) out += '%!(BADWIDTH)';
      else if (w < 0) {
        f.minus = true;
        f.width = -w;
      } else f.width = w;
    } else {
      const m = /^\d+/.exec(format.slice(i, i + 10));
      if (m) {
        f.width = parseInt(m[0], 10);
        i += m[0].length;
      }
    }
    if (format[i] === '.') {
      i++;
      readIndex();
      if (format[i] === '*') {
        i++;
        const p = argInt(args[argi++]);
        if (p === undefined || p < 0) out += '%!(BADPREC)';
        else f.prec = p;
      } else {
        const m = /^\d+/.exec(format.slice(i, i + 10));
        f.prec = m ? parseInt(m[0], 10) : 0;
        if (m) i += m[0].length;
      }
    }
    readIndex();
    if (i >= n) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const a = args[argi++];
    if (f.minus) f.zero = false;
    // %+v is plusV (struct field names), not a sign flag.
    if (verb === 'v' && f.plus) f.plus = false;
    if (verb === 'v' && f.sharp) {
      // %#v is rare in charts; approximate with %v.
      out += formatValue(a, 'v', f, 0);
      continue;
    }
    out += formatValue(a, verb, f, 0);
  }
  if (!reordered && argi < args.length) {
    out += '%!(EXTRA ' + args.slice(argi).map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${formatValue(a, 'v', NO_FLAGS, 0)}`)).join(', ') + ')';
  }
  return out;
}
