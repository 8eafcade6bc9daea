// Reads test tables out of Go test files at test time: the composite literal of a `var name = []T{...}` and the
// arguments of calls such as `runt(tpl, expect)`. Enough of Go's syntax for table-driven tests: string literals
// (interpreted and raw), their concatenation with constants, and nested braces/parentheses kept as raw text.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Go's interpreted string literal body (between the quotes) as bytes, returned as a JS string (UTF-8 decoded). */
export function unquoteGoString(lit: string): string {
  if (lit.startsWith('`')) return lit.slice(1, -1).replace(/\r/g, '');
  const body = lit.slice(1, -1);
  const bytes: number[] = [];
  const push = (s: string): void => {
    for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      push(String.fromCodePoint(cp));
      if (cp > 0xffff) i++;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39 };
    if (e in simple) bytes.push(simple[e]);
    else if (e === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      push(String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16)));
      i += n;
    } else if (e >= '0' && e <= '7') {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else throw new Error(`bad escape \\${e} in ${lit}`);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Index just past the literal, comment or bracket group starting at `i`, or i+1. */
function skip(src: string, i: number): number {
  const c = src[i];
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
    return j + 1;
  }
  if (c === '`') return src.indexOf('`', i + 1) + 1;
  if (c === '/' && src[i + 1] === '/') {
    const nl = src.indexOf('\n', i);
    return nl < 0 ? src.length : nl;
  }
  if (c === '/' && src[i + 1] === '*') return src.indexOf('*/', i + 2) + 2;
  if (c === '{' || c === '(' || c === '[') {
    const close = c === '{' ? '}' : c === '(' ? ')' : ']';
    let j = i + 1;
    while (j < src.length && src[j] !== close) j = skip(src, j);
    return j + 1;
  }
  return i + 1;
}

/** The top-level comma-separated parts of a bracket group's inside, trimmed, comments removed. */
export function splitTopLevel(inside: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  const clean = (s: string) => s.replace(/^\s*(\/\/[^\n]*\n\s*)*/g, '').trim();
  while (i < inside.length) {
    if (inside[i] === ',') {
      parts.push(clean(inside.slice(start, i)));
      start = i + 1;
      i++;
    } else i = skip(inside, i);
  }
  const last = clean(inside.slice(start));
  if (last) parts.push(last);
  return parts.filter((p) => p !== '');
}

/** The elements (raw text of each `{...}`) of `var name = []T{ ... }` in `src`. */
export function tableEntries(src: string, name: string): string[] {
  const m = new RegExp(`var ${name} = \\[\\][\\w.]+\\{`).exec(src);
  if (!m) throw new Error(`no table ${name}`);
  const open = m.index + m[0].length - 1;
  const end = skip(src, open);
  return splitTopLevel(src.slice(open + 1, end - 1)).filter((e) => e.startsWith('{'));
}

/** The fields of a `{a, b, c}` entry. */
export function entryFields(entry: string): string[] {
  return splitTopLevel(entry.slice(1, -1));
}

/** The argument lists of every call `fn(...)` in `src`. */
export function callArguments(src: string, fn: string): string[][] {
  const out: string[][] = [];
  const re = new RegExp(`\\b${fn}\\(`, 'g');
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const open = m.index + m[0].length - 1;
    const end = skip(src, open);
    out.push(splitTopLevel(src.slice(open + 1, end - 1)));
    re.lastIndex = end;
  }
  return out;
}

/**
 * A string expression: literals joined by `+`, with named constants from `consts`. Undefined when it is anything
 * else (a function call, a variable the table computes).
 */
export function stringExpr(expr: string, consts: Record<string, string> = {}): string | undefined {
  const parts: string[] = [];
  let i = 0;
  const s = expr.trim();
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
    if (s[i] === '"' || s[i] === '`') {
      const j = skip(s, i);
      parts.push(unquoteGoString(s.slice(i, j)));
      i = j;
    } else {
      const id = /^[A-Za-z_]\w*/.exec(s.slice(i));
      if (!id || !(id[0] in consts)) return undefined;
      parts.push(consts[id[0]]);
      i += id[0].length;
    }
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
    if (i < s.length) {
      if (s[i] !== '+') return undefined;
      i++;
    }
  }
  return parts.join('');
}

/** The first existing directory among candidates, or a thrown error that says how to get it. */
export function sourceDir(what: string, envVar: string, candidates: string[], pkg: string): string {
  const fromEnv = process.env[envVar];
  for (const d of fromEnv ? [fromEnv] : candidates) if (existsSync(d)) return d;
  throw new Error(`${what} not found (${fromEnv ? `${envVar}=${fromEnv}` : candidates.join(', ')}): apt-get install ${pkg}, or set ${envVar}`);
}

/** Go's text/template sources of the newest golang-1.*-src Debian package. */
export function goTemplateDir(): string {
  const roots = ['/usr/share', '/usr/lib'];
  const found: string[] = [];
  for (const r of roots) {
    let names: string[] = [];
    try {
      names = readdirSync(r);
    } catch {
      continue;
    }
    for (const n of names) if (/^go-1\.\d+$/.test(n)) found.push(path.join(r, n, 'src', 'text', 'template'));
  }
  found.sort((a, b) => Number(/go-1\.(\d+)/.exec(b)![1]) - Number(/go-1\.(\d+)/.exec(a)![1]));
  return sourceDir("Go's text/template test sources", 'HHG_GO_TEMPLATE_SRC', found, 'golang-1.19-src (or any golang-1.*-src)');
}

export function sprigDir(): string {
  return sourceDir("Sprig's test sources", 'HHG_SPRIG_SRC', ['/usr/share/gocode/src/github.com/Masterminds/sprig'], 'golang-github-masterminds-sprig-dev');
}

export function readSource(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}
