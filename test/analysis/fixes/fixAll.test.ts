import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../../server/src/analysis/findings';
import type { PlannedFix } from '../../../server/src/analysis/fixes/edits';
import { fixAllPlan } from '../../../server/src/analysis/fixes/fixAll';

const P = 'templates/cm.yaml';
function finding(rule: string, fix: PlannedFix[], path = P): Finding {
  return { rule, severity: 'error', message: rule, location: { path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }, related: [], fix };
}
const edit = (start: number, end: number, newText = '', path = P) => ({ path, start, end, newText });

describe('fixAllPlan', () => {
  it('takes the preferred fix of each finding in the file, in offset order', () => {
    const plan = fixAllPlan(
      [
        finding('a', [{ title: 'other', edits: [edit(0, 1)] }, { title: 'A', isPreferred: true, edits: [edit(20, 25, 'x')] }]),
        finding('b', [{ title: 'B', isPreferred: true, edits: [edit(5, 8)] }]),
      ],
      P,
    );
    assert.deepEqual(plan, { edits: [edit(5, 8), edit(20, 25, 'x')], fixed: 2 });
  });

  it('skips what is unsafe unseen: not preferred, suppressions, commands, edits in other files, findings elsewhere', () => {
    const plan = fixAllPlan(
      [
        finding('a', [{ title: 'A', edits: [edit(0, 1)] }]),
        finding('b', [{ title: 'Suppress b on this line', isPreferred: true, edits: [edit(0, 0, '# x\n')] }]),
        finding('c', [{ title: 'C', isPreferred: true, edits: [], text: { label: 'kubectl', text: 'kubectl annotate' } }]),
        finding('d', [{ title: 'D', isPreferred: true, edits: [edit(3, 4), edit(0, 1, '', 'templates/other.yaml')] }]),
        finding('e', [{ title: 'E', isPreferred: true, edits: [edit(3, 4)] }], 'templates/other.yaml'),
      ],
      P,
    );
    assert.deepEqual(plan, { edits: [], fixed: 0 });
  });

  it('makes an edit two findings share once, and leaves a fix that overlaps one taken for the next run', () => {
    const plan = fixAllPlan(
      [
        finding('a', [{ title: 'A', isPreferred: true, edits: [edit(10, 20)] }]),
        finding('b', [{ title: 'B', isPreferred: true, edits: [edit(10, 20), edit(30, 31)] }]),
        finding('c', [{ title: 'C', isPreferred: true, edits: [edit(15, 16, 'y')] }]),
        finding('d', [{ title: 'D', isPreferred: true, edits: [edit(30, 30, 'z')] }]),
      ],
      P,
    );
    assert.deepEqual(plan, { edits: [edit(10, 20), edit(30, 31)], fixed: 2 });
  });
});
