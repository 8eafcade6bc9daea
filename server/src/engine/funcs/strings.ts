// Sprig string functions. Functions that only cut or pad their input keep provenance (PStr) so included text still
// maps back to its template (indent, nindent, trim*, quote).

import { createHash, randomInt } from 'crypto';
import type { FuncDef } from '../exec';
import { checkStringSize } from '../limits';
import { goQuote, sprintf } from '../gofmt';
import { PBuilder, PStr, pconcat, preplaceAll, pslice } from '../pstr';
import { Value, intValue, str } from '../values';
import { byteLen, byteSlice, fn, isAscii, strval, stringList, nondeterministic, goBytesOf, goStringOf } from './util';

type S = string | PStr;
const s = (v: Value): string => (v instanceof PStr ? v.s : typeof v === 'string' ? v : strval(v));
const ps = (v: Value): S => (v instanceof PStr ? v : s(v));
const int = (v: Value): number => Number(intValue(v));

/** Indents every line of `v` (Sprig indent), keeping provenance of the original text. */
function indent(spaces: number, v: S, leadingNewline: boolean): S {
  const pad = ' '.repeat(Math.max(spaces, 0));
  const text = str(v);
  if (typeof v === 'string') return (leadingNewline ? '\n' : '') + pad + text.split('\n').join('\n' + pad);
  const b = new PBuilder();
  if (leadingNewline) b.plain('\n');
  b.plain(pad);
  let pos = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', pos)) {
    b.value(v, undefined, undefined, pos, i + 1);
    b.plain(pad);
    pos = i + 1;
  }
  b.value(v, undefined, undefined, pos, text.length);
  return b.build();
}

const WS = ' \t\n\v\f\r\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function trimSet(v: S, cutset: string, left: boolean, right: boolean): S {
  const t = str(v);
  let a = 0;
  let b = t.length;
  if (left) while (a < b && cutset.includes(t[a])) a++;
  if (right) while (b > a && cutset.includes(t[b - 1])) b--;
  return a === 0 && b === t.length ? v : pslice(v, a, b);
}

function trimPrefix(v: S, prefix: string): S {
  return prefix && str(v).startsWith(prefix) ? pslice(v, prefix.length) : v;
}
function trimSuffix(v: S, suffix: string): S {
  const t = str(v);
  return suffix && t.endsWith(suffix) ? pslice(v, 0, t.length - suffix.length) : v;
}

/** %q of a string; provenance kept when quoting doesn't escape anything. */
function quoteOne(v: S): S {
  const t = str(v);
  const q = goQuote(t);
  if (typeof v !== 'string' && q.length === t.length + 2) return pconcat(['"', v, '"']);
  return q;
}

/** strings.Title: upper-cases letters that start a word. */
function title(t: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of t) {
    const sep = isSeparator(prev);
    out += sep ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}
function isSeparator(c: string): boolean {
  if (/[A-Za-z0-9_]/.test(c)) return false;
  if (c.charCodeAt(0) < 0x80) return true;
  if (/[\p{L}\p{N}]/u.test(c)) return false;
  return /\s/u.test(c);
}

function untitle(t: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of t) {
    out += /\s/u.test(prev) ? ch.toLowerCase() : ch;
    prev = ch;
  }
  return out;
}

function swapcase(t: string): string {
  let out = '';
  for (const ch of t) out += ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase();
  return out;
}

function initials(t: string): string {
  return t
    .split(/\s+/u)
    .filter(Boolean)
    .map((w) => [...w][0])
    .join('');
}

/** Splits identifiers into words the way xstrings' case converters do (approximately). */
function words(t: string): string[] {
  const out: string[] = [];
  let cur = '';
  const chars = [...t];
  const isUpper = (c: string | undefined): boolean => !!c && c !== c.toLowerCase() && c === c.toUpperCase();
  const isLower = (c: string | undefined): boolean => !!c && c !== c.toUpperCase() && c === c.toLowerCase();
  const isDigit = (c: string | undefined): boolean => !!c && c >= '0' && c <= '9';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (!/[\p{L}\p{N}]/u.test(c)) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    const prev = chars[i - 1];
    const next = chars[i + 1];
    if (cur) {
      const boundary = (isUpper(c) && (isLower(prev) || isDigit(prev) || (isUpper(prev) && isLower(next)))) || (isDigit(c) && !isDigit(prev) && isLower(prev) && /[\p{L}]/u.test(cur[0]) && false);
      if (boundary) {
        out.push(cur);
        cur = '';
      }
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

function snakecase(t: string, sep: string): string {
  return words(t)
    .map((w) => w.toLowerCase())
    .join(sep);
}

/** unicode.ToUpper / ToLower of one rune (a rune whose case form is several runes stays as it is). */
const upperRune = (c: string): string => (c.toUpperCase().length === c.length ? c.toUpperCase() : c);
const lowerRune = (c: string): string => (c.toLowerCase().length === c.length ? c.toLowerCase() : c);

/**
 * xstrings.ToCamelCase (huandu/xstrings 1.5, as Sprig 3.3 uses it), rune by rune: leading underscores kept, the first
 * letter and every letter after a single "_" upper-cased, every other letter lower-cased ("HTTP_server" is
 * "HttpServer"); of a run of underscores all but the last are kept ("a__b" is "A_B").
 */
function camelcase(t: string): string {
  let rest = [...t.trim()];
  if (rest.length < 2) return t.trim();
  let out = '';
  let r0 = '';
  while (rest.length > 0) {
    r0 = rest[0];
    rest = rest.slice(1);
    if (r0 !== '_') break;
    out += r0;
  }
  if (r0 === '_' && rest.length === 0) return out;
  r0 = upperRune(r0);
  for (const c of rest) {
    const r1 = r0;
    r0 = c;
    if (r1 === '_' && r0 === '_') {
      out += r1;
      continue;
    }
    r0 = r1 === '_' ? upperRune(r0) : lowerRune(r0);
    if (r1 !== '_') out += r1;
  }
  return out + r0;
}

/** goutils.WrapCustom(str, width, newline, wrapLongWords=false). */
function wrap(text: string, width: number, newline: string): string {
  if (width < 1) width = 1;
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = para.replace(/^ +/, '');
    let res = '';
    while (line.length > width) {
      let sp = line.lastIndexOf(' ', width);
      if (sp <= 0) {
        sp = line.indexOf(' ', width);
        if (sp < 0) break;
      }
      res += line.slice(0, sp) + newline;
      line = line.slice(sp + 1).replace(/^ +/, '');
    }
    out.push(res + line);
  }
  return out.join(newline === '\n' ? '\n' : newline);
}

function abbrev(width: number, t: string): string {
  if (width < 4) return t;
  if (t.length <= width) return t;
  return t.slice(0, width - 3) + '...';
}

function abbrevboth(left: number, right: number, t: string): string {
  if (right < 4 || (left > 0 && right < 7)) return t;
  if (t.length <= right) return t;
  let offset = Math.min(left, t.length);
  if (t.length - offset < right - 3) offset = t.length - (right - 3);
  if (offset <= 4) return t.slice(0, right - 3) + '...';
  if (right < 7) return t;
  if (offset + right - 3 < t.length) return '...' + abbrev(right - 3, t.slice(offset));
  return '...' + t.slice(t.length - (right - 3));
}

function trunc(c: number, v: S): S {
  const t = str(v);
  const n = byteLen(t);
  if (c < 0 && n + c > 0) return isAscii(t) ? pslice(v, n + c) : byteSlice(t, n + c);
  if (c >= 0 && n > c) return isAscii(t) ? pslice(v, 0, c) : byteSlice(t, 0, c);
  return v;
}

function substr(start: number, end: number, t: string): string {
  if (start < 0) return byteSlice(t, 0, end);
  if (end < 0 || end > byteLen(t)) return byteSlice(t, start);
  return byteSlice(t, start, end);
}

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NUM = '0123456789';
function randFrom(n: number, chars: string): string {
  let out = '';
  for (let i = 0; i < n; i++) out += chars[randomInt(chars.length)];
  return out;
}
function randAscii(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(32 + randomInt(95));
  return out;
}

function adler32(t: string): number {
  let a = 1;
  let b = 0;
  for (const byte of goBytesOf(t)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const hash = (alg: string) => (t: string) => createHash(alg).update(goBytesOf(t)).digest('hex');

function base64Decode(t: string): string {
  const clean = t;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    const bad = clean.search(/[^A-Za-z0-9+/=]/);
    const at = bad >= 0 ? bad : clean.length - (clean.length % 4 || 4);
    return `illegal base64 data at input byte ${at < 0 ? 0 : at}`;
  }
  return goStringOf(Buffer.from(clean, 'base64'));
}

function base32Encode(t: string): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = goBytesOf(t);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += A[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += A[(value << (5 - bits)) & 31];
  while (out.length % 8) out += '=';
  return out;
}
function base32Decode(t: string): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = t.replace(/=+$/, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (let i = 0; i < clean.length; i++) {
    const idx = A.indexOf(clean[i]);
    if (idx < 0) return `illegal base32 data at input byte ${i}`;
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return goStringOf(Uint8Array.from(out));
}

export const STRING_FUNCS: Record<string, FuncDef> = {
  hello: fn([], () => 'Hello!'),
  upper: fn(['string'], ([a]) => s(a).toUpperCase()),
  lower: fn(['string'], ([a]) => s(a).toLowerCase()),
  title: fn(['string'], ([a]) => title(s(a))),
  untitle: fn(['string'], ([a]) => untitle(s(a))),
  substr: fn(['int', 'int', 'string'], ([a, b, c]) => substr(int(a), int(b), s(c))),
  repeat: fn(['int', 'string'], ([n, t]) => {
    if (int(n) < 0) throw new Error('strings: negative Repeat count');
    checkStringSize('repeat', s(t).length * int(n));
    return s(t).repeat(int(n));
  }),
  trim: fn(['string'], ([a]) => trimSet(ps(a), WS, true, true), { keep: true }),
  trimAll: fn(['string', 'string'], ([c, a]) => trimSet(ps(a), s(c), true, true), { keep: true }),
  trimall: fn(['string', 'string'], ([c, a]) => trimSet(ps(a), s(c), true, true), { keep: true }),
  trimSuffix: fn(['string', 'string'], ([x, a]) => trimSuffix(ps(a), s(x)), { keep: true }),
  trimPrefix: fn(['string', 'string'], ([x, a]) => trimPrefix(ps(a), s(x)), { keep: true }),
  nospace: fn(['string'], ([a]) => s(a).replace(/\s/gu, '')),
  initials: fn(['string'], ([a]) => initials(s(a))),
  randAlphaNum: nondeterministic('random', fn(['int'], ([n]) => randFrom(int(n), ALPHA + NUM))),
  randAlpha: nondeterministic('random', fn(['int'], ([n]) => randFrom(int(n), ALPHA))),
  randAscii: nondeterministic('random', fn(['int'], ([n]) => randAscii(int(n)))),
  randNumeric: nondeterministic('random', fn(['int'], ([n]) => randFrom(int(n), NUM))),
  swapcase: fn(['string'], ([a]) => swapcase(s(a))),
  shuffle: nondeterministic('random', fn(['string'], ([a]) => {
    const c = [...s(a)];
    for (let i = c.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [c[i], c[j]] = [c[j], c[i]];
    }
    return c.join('');
  })),
  snakecase: fn(['string'], ([a]) => snakecase(s(a), '_')),
  kebabcase: fn(['string'], ([a]) => snakecase(s(a), '-')),
  camelcase: fn(['string'], ([a]) => camelcase(s(a))),
  wrap: fn(['int', 'string'], ([n, a]) => wrap(s(a), int(n), '\n')),
  wrapWith: fn(['int', 'string', 'string'], ([n, sep, a]) => wrap(s(a), int(n), s(sep))),
  contains: fn(['string', 'string'], ([sub, a]) => s(a).includes(s(sub))),
  hasPrefix: fn(['string', 'string'], ([p, a]) => s(a).startsWith(s(p))),
  hasSuffix: fn(['string', 'string'], ([p, a]) => s(a).endsWith(s(p))),
  quote: fn(
    [],
    (args) => {
      const parts = args.filter((a) => a !== null && a !== undefined).map((a) => quoteOne(ps(a)));
      const out: S[] = [];
      parts.forEach((p, i) => {
        if (i > 0) out.push(' ');
        out.push(p);
      });
      return pconcat(out);
    },
    { variadic: 'any', keep: true },
  ),
  squote: fn(
    [],
    (args) => {
      const out: S[] = [];
      args
        .filter((a) => a !== null && a !== undefined)
        .forEach((a, i) => {
          if (i > 0) out.push(' ');
          out.push("'", ps(a), "'");
        });
      return pconcat(out);
    },
    { variadic: 'any', keep: true },
  ),
  cat: fn(
    [],
    (args) => {
      const vs = args.filter((a) => a !== null && a !== undefined);
      return sprintf(vs.map(() => '%v').join(' '), vs);
    },
    { variadic: 'any' },
  ),
  indent: fn(['int', 'string'], ([n, a]) => indent(int(n), ps(a), false), { keep: true }),
  nindent: fn(['int', 'string'], ([n, a]) => indent(int(n), ps(a), true), { keep: true }),
  replace: fn(['string', 'string', 'string'], ([o, n, a]) => (s(o) === '' ? goReplaceEmpty(s(a), s(n)) : preplaceAll(ps(a), s(o), s(n))), { keep: true }),
  plural: fn(['string', 'string', 'int'], ([one, many, n]) => (int(n) === 1 ? s(one) : s(many))),
  sha1sum: fn(['string'], ([a]) => hash('sha1')(s(a))),
  sha256sum: fn(['string'], ([a]) => hash('sha256')(s(a))),
  sha512sum: fn(['string'], ([a]) => hash('sha512')(s(a))),
  adler32sum: fn(['string'], ([a]) => String(adler32(s(a)))),
  toString: fn(['any'], ([a]) => (a instanceof PStr ? a : strval(a)), { keep: true }),
  trunc: fn(['int', 'string'], ([n, a]) => trunc(int(n), ps(a)), { keep: true }),
  abbrev: fn(['int', 'string'], ([n, a]) => abbrev(int(n), s(a))),
  abbrevboth: fn(['int', 'int', 'string'], ([l, r, a]) => abbrevboth(int(l), int(r), s(a))),
  b64enc: fn(['string'], ([a]) => goBytesOf(s(a)).toString('base64')),
  b64dec: fn(['string'], ([a]) => base64Decode(s(a))),
  b32enc: fn(['string'], ([a]) => base32Encode(s(a))),
  b32dec: fn(['string'], ([a]) => base32Decode(s(a))),
  split: fn(['string', 'string'], ([sep, a]) => {
    const m = new Map<string, Value>();
    goSplit(s(a), s(sep), -1).forEach((p, i) => m.set('_' + i, p));
    return m;
  }),
  splitList: fn(['string', 'string'], ([sep, a]) => stringList(goSplit(s(a), s(sep), -1))),
  splitn: fn(['string', 'int', 'string'], ([sep, n, a]) => {
    const m = new Map<string, Value>();
    goSplit(s(a), s(sep), int(n)).forEach((p, i) => m.set('_' + i, p));
    return m;
  }),
};

/** strings.SplitN semantics (n < 0: all; empty separator splits into UTF-8 sequences). */
export function goSplit(t: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = [...t];
    if (n > 0 && chars.length > n) return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
    return chars;
  }
  const parts = t.split(sep);
  if (n > 0 && parts.length > n) return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
  return parts;
}

/** strings.Replace with an empty `old`: inserts `n` around every rune. */
function goReplaceEmpty(t: string, n: string): string {
  return n + [...t].join(n) + (t.length ? n : '');
}
