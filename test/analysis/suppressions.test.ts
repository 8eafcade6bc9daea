// suppressions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, chartOf, hook, object, silent, trigger } from './rules/harness';

describe('suppressions', () => {
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'c', hook('pre-install,')) });
  const R = 'hook-event-unknown';

  it('a comment on the line above silences that rule there', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Suppress hook-event-unknown on this line/);
    assert.match(fixed['templates/cm.yaml'], /\n    # helm-hook-guard-disable-next-line hook-event-unknown\n    "helm.sh\/hook"/);
    silent(R, fixed);
  });

  it('a file comment silences the rule in the file; other rules stay', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Suppress hook-event-unknown in this file/);
    silent(R, fixed);
    const other = { ...fixed, 'templates/cm.yaml': '# helm-hook-guard-disable-file hook-weight-invalid\n' + current['templates/cm.yaml'] };
    trigger(R, other);
  });
});
