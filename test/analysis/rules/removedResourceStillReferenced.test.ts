// removed-resource-still-referenced: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, chartOf, check, deployment, object, silent, trigger } from './harness';

describe('removed-resource-still-referenced (H13)', () => {
  const R = 'removed-resource-still-referenced';
  const base = chartOf({ 'cm.yaml': object('ConfigMap', 'shared'), 'deploy.yaml': deployment('app') });
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'shared-v2'), 'deploy.yaml': deployment('app') });

  it('errors on the stale reference, naming the likely rename', () => {
    const [f] = trigger(R, current, base);
    assert.equal(f.location.path, 'templates/deploy.yaml');
    assert.match(f.detail!, /ConfigMap shared was a resource of the release at HEAD and is gone now \(renamed to shared-v2\?\)/);
  });

  it('is silent without a baseline, or when the reference follows', () => {
    silent(R, current);
    silent(R, { ...current, 'templates/deploy.yaml': deployment('app', 'volumes:\n  - name: v\n    configMap:\n      name: shared-v2') }, base);
  });

  it('fix: points the reference at the renamed resource', () => {
    const [f] = trigger(R, current, base);
    silent(R, applyFix(current, f, /^Reference ConfigMap shared-v2 instead/), base);
  });

  it('any reference of the graph: a removed Service behind an Ingress, with the consequence', () => {
    check(R, `--- templates/ingress.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
spec:
  defaultBackend:
    service:
      name: ⟦web⟧
      port: {number: 80}
`, {
      baseline: `--- templates/ingress.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
spec:
  defaultBackend:
    service:
      name: web
      port: {number: 80}
--- templates/svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
`,
      message: /^helm upgrade will delete Service web, still used here: traffic fails$/,
      severity: 'error',
    });
  });
});
