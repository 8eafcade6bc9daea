// hook-order-dependency: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, chartOf, check, hook, job, object, silent, trigger } from './harness';

describe('hook-order-dependency (H11)', () => {
  const R = 'hook-order-dependency';
  const current = chartOf({
    'cm.yaml': object('ConfigMap', 'shared', hook('pre-install', { 'helm.sh/hook-weight': '5' })),
    'job.yaml': job('migrate', hook('pre-install', { 'helm.sh/hook-weight': '0' })),
  });

  it('warns on the consumer\'s reference', () => {
    const [f] = trigger(R, current);
    assert.equal(f.location.path, 'templates/job.yaml');
    assert.match(f.detail!, /Job migrate \(weight 0\) runs before ConfigMap shared \(weight 5\) among the pre-install hooks/);
  });

  it('orders equal weights by name, not kind', () => {
    const byName = chartOf({
      'cm.yaml': object('ConfigMap', 'zz-config', hook('pre-install')),
      'job.yaml': job('aa-job', hook('pre-install'), 'zz-config'),
    });
    trigger(R, byName);
    silent(R, { ...byName, 'templates/job.yaml': job('zz-job', hook('pre-install'), 'zz-config') });
  });

  it('fix: gives the producer a lower weight', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Run ConfigMap shared first \(weight -1\)/);
    silent(R, fixed);
  });

  it('is silent for references that resolve later: a RoleBinding hook that runs before its ServiceAccount hook', () => {
    check(R, `--- templates/rbac.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: aa-binding
  annotations:
    "helm.sh/hook": pre-install
subjects:
  - kind: ServiceAccount
    name: zz-runner
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: zz-runner
  annotations:
    "helm.sh/hook": pre-install
`);
  });
});
