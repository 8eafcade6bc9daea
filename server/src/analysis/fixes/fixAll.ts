// "Fix all" for one file: the preferred fix of each finding located there, when it is safe to apply unseen (edits
// only, all in that file, not a suppression), merged into one plan. Fixes that would overlap one already taken wait
// for the next run; the same edit planned by two findings is made once. Pure.
import type { Finding } from '../findings';
import type { OffsetEdit, PlannedFix } from './edits';

const overlaps = (a: OffsetEdit, b: OffsetEdit) =>
  a.path === b.path && (a.start < b.end && b.start < a.end ? true : a.start === b.start && (a.start === a.end || b.start === b.end));
const same = (a: OffsetEdit, b: OffsetEdit) => a.path === b.path && a.start === b.start && a.end === b.end && a.newText === b.newText;

/** The safe preferred fix of a finding, if it has one: edits only, all in `path`, not a suppression. */
export function safePreferredFix(f: Finding, path: string): PlannedFix | undefined {
  const fix = f.fix.find((x) => x.isPreferred);
  if (!fix || fix.text || fix.edits.length === 0 || fix.title.startsWith('Suppress ')) return undefined;
  return fix.edits.every((e) => e.path === path) ? fix : undefined;
}

/** The edits of fix-all for `path`, and how many findings they fix. */
export function fixAllPlan(findings: readonly Finding[], path: string): { edits: OffsetEdit[]; fixed: number } {
  const edits: OffsetEdit[] = [];
  let fixed = 0;
  for (const f of findings) {
    if (f.location.path !== path) continue;
    const fix = safePreferredFix(f, path);
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !edits.some((x) => same(x, e)));
    if (fresh.some((e) => edits.some((x) => overlaps(x, e)))) continue;
    edits.push(...fresh);
    fixed++;
  }
  return { edits: edits.sort((a, b) => a.start - b.start), fixed };
}
