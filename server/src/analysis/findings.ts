// What the analysis reports. Plain JSON-serialisable data: the LSP layer, the CLI and the tests all read it.
import type { PlannedFix } from './fixes/edits';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** From mildest to most severe. */
export const SEVERITIES: readonly Severity[] = ['hint', 'info', 'warning', 'error'];

/** `base` moved `steps` along SEVERITIES, clamped: how a finding's relative level meets the configured severity. */
export function shiftSeverity(base: Severity, steps: number): Severity {
  const i = SEVERITIES.indexOf(base) + Math.trunc(steps);
  return SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, i))];
}

/** Zero-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in a chart file: `path` relative to the chart root. */
export interface Location {
  path: string;
  range: Range;
}

export interface RelatedLocation extends Location {
  message: string;
  /** The referencing workload and how it references the resource. */
  kind?: string;
  name?: string;
  via?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** The problem in one short sentence (about 80 characters at most), what a Problems row shows. */
  message: string;
  /** The explanation: what Helm does, step by step, and what breaks. Shown below the message and in hovers. */
  detail?: string;
  location: Location;
  resource?: { kind: string; name: string; namespace: string };
  related: RelatedLocation[];
  /** The finding's quick fixes, planned against the analysed texts (see fixes/edits.ts). */
  fix: PlannedFix[];
}

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }
  offset(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    const lineEnd = p.line + 1 < this.starts.length ? this.starts[p.line + 1] : this.text.length;
    return Math.min(this.starts[Math.max(0, p.line)] + p.character, lineEnd);
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
