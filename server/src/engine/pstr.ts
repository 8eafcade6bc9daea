// Strings with provenance. A PStr is a Go string plus segments telling where runs of it came from; runs without a
// segment were produced by whatever consumes the string (they get mapped to that action when output).
// PBuilder builds both template output and derived strings in linear time.

import type { SourceSpan } from './spans';

export interface Seg {
  /** Offsets into the string. */
  start: number;
  end: number;
  kind: 'text' | 'action';
  span: SourceSpan;
  site: SourceSpan;
  /** Where an action's value came from in the values (a ValueRef from exec.ts), when it came straight from them. */
  value?: unknown;
}

export class PStr {
  constructor(
    readonly s: string,
    readonly segs: readonly Seg[],
  ) {}
  toString(): string {
    return this.s;
  }
}

function sameSpan(a: SourceSpan, b: SourceSpan): boolean {
  return a === b || (a.start === b.start && a.end === b.end && a.path === b.path);
}

export class PBuilder {
  private parts: string[] = [];
  length = 0;
  readonly segs: Seg[] = [];

  /** Appends text with no provenance (a gap). */
  plain(s: string): void {
    if (!s) return;
    this.parts.push(s);
    this.length += s.length;
  }

  /** Appends template text copied 1:1 from `fileStart` on. */
  text(s: string, path: string, fileStart: number, site?: SourceSpan): void {
    if (!s) return;
    const span = { path, start: fileStart, end: fileStart + s.length };
    this.pushSeg({ start: this.length, end: this.length + s.length, kind: 'text', span, site: site ?? span });
    this.parts.push(s);
    this.length += s.length;
  }

  /** Appends text produced by an action (`value`: where its value came from, see Seg.value). */
  action(s: string, span: SourceSpan, site: SourceSpan, value?: unknown): void {
    if (!s) return;
    this.pushSeg({ start: this.length, end: this.length + s.length, kind: 'action', span, site, ...(value !== undefined ? { value } : {}) });
    this.parts.push(s);
    this.length += s.length;
  }

  /**
   * Appends part [from, to) of a string value. Its own segments are kept (their site replaced by `site` when given);
   * gaps map to `gapSpan` (when given) or stay gaps.
   */
  value(v: string | PStr, gapSpan?: SourceSpan, site?: SourceSpan, from = 0, to?: number, valueRef?: unknown): void {
    const vr = valueRef !== undefined ? { value: valueRef } : {};
    const s = typeof v === 'string' ? v : v.s;
    const end = to ?? s.length;
    if (end <= from) return;
    const base = this.length - from;
    let pos = from;
    if (typeof v !== 'string') {
      for (const g of v.segs) {
        if (g.end <= from) continue;
        if (g.start >= end) break;
        const a = Math.max(g.start, from);
        const b = Math.min(g.end, end);
        if (a > pos && gapSpan) this.pushSeg({ start: base + pos, end: base + a, kind: 'action', span: gapSpan, site: site ?? gapSpan, ...vr });
        const span = g.kind === 'text' ? { path: g.span.path, start: g.span.start + (a - g.start), end: g.span.start + (b - g.start) } : g.span;
        const value = g.value ?? valueRef;
        this.pushSeg({ start: base + a, end: base + b, kind: g.kind, span, site: site ?? (g.site === g.span ? span : g.site), ...(value !== undefined ? { value } : {}) });
        pos = b;
      }
    }
    if (pos < end && gapSpan) this.pushSeg({ start: base + pos, end: base + end, kind: 'action', span: gapSpan, site: site ?? gapSpan, ...vr });
    this.parts.push(from === 0 && end === s.length ? s : s.slice(from, end));
    this.length += end - from;
  }

  private pushSeg(g: Seg): void {
    const last = this.segs[this.segs.length - 1];
    if (last && last.end === g.start && last.kind === g.kind && last.value === g.value) {
      if (g.kind === 'action') {
        if (sameSpan(last.span, g.span) && sameSpan(last.site, g.site)) {
          last.end = g.end;
          return;
        }
      } else if (last.span.path === g.span.path && last.span.end === g.span.start) {
        const selfA = last.site === last.span;
        const selfB = g.site === g.span;
        if (selfA === selfB && (selfA || sameSpan(last.site, g.site))) {
          last.end = g.end;
          last.span = { path: last.span.path, start: last.span.start, end: g.span.end };
          if (selfA) last.site = last.span;
          return;
        }
      }
    }
    this.segs.push(g);
  }

  toString(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }

  /** The built string: a PStr when any part has provenance, else a plain string. */
  build(): string | PStr {
    const s = this.toString();
    return this.segs.length ? new PStr(s, this.segs) : s;
  }
}

/** A slice of a string value, keeping provenance. */
export function pslice(v: string | PStr, from: number, to?: number): string | PStr {
  if (typeof v === 'string') return v.slice(from, to);
  const b = new PBuilder();
  b.value(v, undefined, undefined, from, to ?? v.s.length);
  return b.build();
}

/** Concatenates string values, keeping provenance. */
export function pconcat(parts: (string | PStr)[]): string | PStr {
  if (parts.every((p) => typeof p === 'string')) return (parts as string[]).join('');
  const b = new PBuilder();
  for (const p of parts) b.value(p);
  return b.build();
}

/** Replaces every occurrence of `needle` (non-empty) by `repl`, keeping provenance of the untouched runs. */
export function preplaceAll(v: string | PStr, needle: string, repl: string): string | PStr {
  if (typeof v === 'string') return v.split(needle).join(repl);
  const s = v.s;
  if (!s.includes(needle)) return v;
  const b = new PBuilder();
  let pos = 0;
  for (;;) {
    const i = s.indexOf(needle, pos);
    if (i < 0) break;
    b.value(v, undefined, undefined, pos, i);
    b.plain(repl);
    pos = i + needle.length;
  }
  b.value(v, undefined, undefined, pos, s.length);
  return b.build();
}
