// hook-weight-invalid: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, applyFix, assertAgreesWithHelm, chartOf, hook, job, only, silent, trigger } from './harness';

describe('hook-weight-invalid (H10)', () => {
  const R = 'hook-weight-invalid';
  const withWeight = (w: string) => chartOf({ 'job.yaml': job('j', hook('pre-install', { 'helm.sh/hook-weight': w })) });

  it('warns on a weight Helm reads as 0, and fixes it', () => {
    const current = withWeight(' 5');
    const [f] = trigger(R, current);
    assert.match(f.detail!, /Helm reads the hook weight " 5" of Job j as 0/);
    const fixed = applyFix(current, f, /^Use the weight "5"/);
    silent(R, fixed);
    assert.match(fixed['templates/job.yaml'], /"helm.sh\/hook-weight": "5"/);
  });

  it('is silent for plain integers', () => {
    silent(R, withWeight('-5'));
  });

  it('an unquoted weight is a manifest-invalid error with a quote fix', () => {
    const current = chartOf({ 'job.yaml': job('j', '  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": 5\n') });
    const [f] = only(analyze(current), 'manifest-invalid');
    assert.match(f.detail!, /helm template and helm lint accept it, but helm install and helm upgrade fail/);
    silent('manifest-invalid', applyFix(current, f, /^Quote the value/));
    assertAgreesWithHelm(current);
  });
});
