// hook-annotation-without-hook: hook-only annotations on a regular object, at the annotation; `keep` meant as
// resource-policy at error with its rename fix; silent next to helm.sh/hook; the real Helm keeps the object in the
// manifest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, applyFix, assertAgreesWithHelm, check, checkFix, fixture, helmView, only } from './harness';

const R = 'hook-annotation-without-hook';

const pvc = (ann: string) => `--- templates/pvc.yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: media
  annotations:
${ann}spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Gi}}
`;

describe('hook-annotation-without-hook', () => {
  it('hook-delete-policy: keep on a regular PVC is an error with did-you-mean resource-policy', () => {
    const [f] = check(R, pvc('    ⟦"helm.sh/hook-delete-policy": keep⟧\n'), { severity: 'error' });
    assert.equal(f.message, 'hook-delete-policy: keep does not keep PersistentVolumeClaim media: did you mean resource-policy?');
    assert.match(f.detail!, /helm uninstall deletes PersistentVolumeClaim media/);
  });

  it('fix: renames the key to helm.sh/resource-policy', () => {
    checkFix(R, pvc('    "helm.sh/hook-delete-policy": keep\n'), /^Use helm.sh\/resource-policy: keep/, pvc('    "helm.sh/resource-policy": keep\n'));
    const { files } = fixture(pvc('    helm.sh/hook-delete-policy: "keep"\n'));
    const [f] = only(analyze(files), R);
    const fixed = applyFix(files, f, /^Use helm.sh\/resource-policy/);
    assert.match(fixed['templates/pvc.yaml'], /^    helm\.sh\/resource-policy: "keep"$/m);
    assert.deepEqual(only(analyze(fixed), R), []);
  });

  it('hook-weight and hook-output-log-policy alone are warnings, one per annotation', () => {
    check(R, `--- templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    ⟦"helm.sh/hook-weight": "5"⟧
    ⟦"helm.sh/hook-output-log-policy": hook-failed⟧
    ⟦"helm.sh/hook-delete-policy": before-hook-creation⟧
data: {a: b}
`, { severity: 'warning', message: /on ConfigMap settings, which is not a hook: Helm ignores it|does not keep/ });
  });

  it('names a misspelt helm.sh/hook key, and then does not prefer removing the annotation', () => {
    const [f] = check(R, `--- templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    "helm.sh/hooks": pre-install
    ⟦"helm.sh/hook-weight": "-1"⟧
`);
    assert.match(f.detail!, /"helm.sh\/hooks" looks like a misspelt helm.sh\/hook/);
    assert.equal(f.fix.some((x) => 'isPreferred' in x && x.isPreferred), false);
  });

  it('near miss: silent on hooks and on resource-policy', () => {
    check(R, `--- templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: migrate
  annotations:
    "helm.sh/hook": pre-install
    "helm.sh/hook-weight": "5"
    "helm.sh/hook-delete-policy": before-hook-creation
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kept
  annotations:
    "helm.sh/resource-policy": keep
`);
  });

  it('the real Helm keeps such objects in the manifest', () => {
    const { files } = fixture(pvc('    "helm.sh/hook-delete-policy": keep\n    "helm.sh/hook-weight": "3"\n'));
    assertAgreesWithHelm(files);
    assert.deepEqual(helmView(files), { manifest: ['PersistentVolumeClaim/media'], hooks: [] });
  });
});
