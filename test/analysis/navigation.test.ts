// Hover, go to definition, find references, code lenses and the plan read the reference graph: references beyond pod
// templates (an Ingress's TLS Secret, an HPA's target, a webhook's Service) lead to their objects and back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart } from '../../server/src/analysis/analyze';
import { explainHook } from '../../server/src/analysis/explain';
import { definition, explainReference, hookLenses, referenceAt, references } from '../../server/src/analysis/navigation';
import { buildPlan, planText } from '../../server/src/analysis/plan';
import { fixture, only, analyze } from './rules/harness';

const CHART = `--- templates/app.yaml
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
            - configMapRef:
                name: settings
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: app
              image: busybox
              volumes: []
          volumes:
            - name: s
              configMap:
                name: settings
--- templates/settings.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
--- templates/edge.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
spec:
  tls:
    - hosts: [www.example.com]
      secretName: site-tls
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    name: web
  maxReplicas: 3
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: policy
webhooks:
  - name: check.example.com
    clientConfig:
      service:
        name: webhook
        namespace: ns
--- templates/webhook-svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: webhook
spec:
  ports: [{port: 443}]
`;

const { files } = fixture(CHART);
const result = analyzeChart({ chart: { files: new Map(Object.entries(files)) }, render: { releaseName: 'rel', namespace: 'ns' } });
const offsetOf = (path: string, find: string, nth = 0) => {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = files[path].indexOf(find, at + 1);
  assert.ok(at >= 0, find);
  return at;
};

describe('navigation over the reference graph', () => {
  it('hover on an Ingress TLS Secret says what the Ingress suffers without it', () => {
    const ref = referenceAt(result, 'templates/edge.yaml', offsetOf('templates/edge.yaml', 'site-tls'))!;
    const text = explainReference(result, ref);
    assert.match(text, /\*\*Secret site-tls\*\*, referenced by Ingress site \(TLS of www.example.com\)/);
    assert.match(text, /Not defined by this chart: it must exist in the cluster/);
    assert.match(text, /falls back to the controller's default certificate/);
  });

  it('go to definition leads from an HPA target to the Rollout, and from a webhook to its Service', () => {
    const [rollout] = definition(result, 'templates/edge.yaml', offsetOf('templates/edge.yaml', 'name: web', 1) + 6);
    assert.equal(rollout.path, 'templates/app.yaml');
    assert.equal(rollout.range.start.line, 3);
    const [svc] = definition(result, 'templates/edge.yaml', offsetOf('templates/edge.yaml', 'name: webhook') + 6);
    assert.equal(svc.path, 'templates/webhook-svc.yaml');
  });

  it('find references from a Service name lists the webhook configuration', () => {
    const locs = references(result, 'templates/webhook-svc.yaml', offsetOf('templates/webhook-svc.yaml', 'webhook'), false);
    assert.deepEqual(locs.map((l) => l.path), ['templates/edge.yaml']);
  });

  it('the code lens of a hook names every referrer, Rollouts included, and the consequence', () => {
    const lens = hookLenses(result).find((l) => l.title.includes('ConfigMap settings'))!;
    assert.match(lens.title, /used by Rollout web, CronJob nightly \(without it: pods cannot start\)$/);
    const cm = result.current.kept.find((r) => r.name === 'settings')!;
    assert.match(explainHook(result.current, cm)!, /\*\*Used by\*\* Rollout web \(envFrom of container "app"\), CronJob nightly \(volume "s"\)/);
  });

  it('the headline rule relates every referrer of the ConfigMap turned hook, Rollouts included', () => {
    const base = { ...files, 'templates/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n' };
    const [f] = only(analyze(files, base), 'hook-deletes-referenced-resource');
    assert.deepEqual(f.related.map((r) => `${r.kind} ${r.name}`), ['Rollout web', 'CronJob nightly']);
  });

  it('the plan says who uses an object a step deletes', () => {
    const withDelete = { ...files, 'templates/webhook-svc.yaml': '' };
    const r = analyzeChart({
      chart: { files: new Map(Object.entries(withDelete)) },
      baseline: { files: new Map(Object.entries(files)) },
      render: { releaseName: 'rel', namespace: 'ns' },
    });
    const text = planText(buildPlan(r, 't', 'HEAD'));
    assert.match(text, /delete Service webhook .*\(used by ValidatingWebhookConfiguration policy: API calls rejected\)/);
  });
});
