// What the analysis reports. Plain JSON-serialisable data: the LSP layer, the CLI and the tests all read it.
import type { PlannedFix } from './fixes/edits';
import type { Range } from './lines';

export { LineIndex, type Position, type Range } from './lines';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** From mildest to most severe. */
export const SEVERITIES: readonly Severity[] = ['hint', 'info', 'warning', 'error'];

/** `base` moved `steps` along SEVERITIES, clamped: how a finding's relative level meets the configured severity. */
export function shiftSeverity(base: Severity, steps: number): Severity {
  const i = SEVERITIES.indexOf(base) + Math.trunc(steps);
  return SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, i))];
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
  /** The base the finding compares with (its label: `HEAD`, `origin/main (merge-base 1a2b3c4d)`), for rules that
   *  compare with one. */
  base?: string;
  /** The finding's quick fixes, planned against the analysed texts (see fixes/edits.ts). */
  fix: PlannedFix[];
}
