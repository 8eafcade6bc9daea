// hook-and-regular-duplicate: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, assertAgreesWithHelm, chartOf, hook, object, silent, trigger } from './harness';

describe('hook-and-regular-duplicate (H12)', () => {
  const R = 'hook-and-regular-duplicate';
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'x') + '---\n' + object('ConfigMap', 'x', hook('post-install')) });

  it('errors on the hook, related to the regular one', () => {
    const [f] = trigger(R, current);
    assert.match(f.detail!, /both a hook \(post-install\) and a regular resource/);
    assert.equal(f.related.length, 1);
    assertAgreesWithHelm(current);
  });

  it('is silent for different names or namespaces', () => {
    silent(R, chartOf({ 'cm.yaml': object('ConfigMap', 'x') + '---\n' + object('ConfigMap', 'y', hook('post-install')) }));
  });

  it('fix: renames the hook', () => {
    const [f] = trigger(R, current);
    silent(R, applyFix(current, f, /^Rename the hook \(add -hook to its name\)/));
  });
});
