// H2: a hook at the baseline is a regular resource now. The upgrade's ownership check (pkg/action/validate.go
// existingResourceConflict) runs for objects new to the manifest before any hook, and the live hook object has no
// ownership metadata: the upgrade fails.
import type { Finding } from '../findings';
import { isRegular } from '../resources';
import { child, stringValue } from '../yamlNodes';
import { hookOf } from './lookup';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'hook-to-regular-ownership-conflict',
  hazard: 'H2',
  defaultSeverity: 'error',
  description: 'A hook at the base ref is a regular resource now while the live hook object survives: helm upgrade fails on ownership.',
  needsBaseline: true,
  check(ctx) {
    // Argo CD applies manifests itself and checks no Helm ownership metadata.
    if (!ctx.baseline || ctx.deployer === 'argocd') return [];
    const wasHook = new Map(ctx.objects(ctx.baseline).filter((r) => hookOf(r)).map((r) => [r.identity, r]));
    const findings: Omit<Finding, 'rule'>[] = [];
    for (const r of ctx.objects(ctx.current).filter(isRegular)) {
      const before = wasHook.get(r.identity);
      const hook = before && hookOf(before);
      if (!hook || hook.effectiveDeletePolicies.includes('hook-succeeded')) continue;
      const { name: release, namespace: releaseNs } = ctx.release;
      const ns = r.namespace || releaseNs;
      // The chart's own labels may already carry managed-by: Helm; the annotations never come from Helm on hooks.
      const labelled = stringValue(child(before!.root, 'metadata', 'labels', 'app.kubernetes.io/managed-by')) === 'Helm';
      const error =
        `Error: UPGRADE FAILED: Unable to continue with update: ${r.kind} "${r.name}" in namespace "${ns}" exists and cannot be ` +
        `imported into the current release: invalid ownership metadata; ` +
        (labelled ? '' : `label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; `) +
        `annotation validation error: missing key "meta.helm.sh/release-name": must be set to "${release}"; ` +
        `annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "${releaseNs}"`;
      const ranOnDeploy = hook.events.some((e) => /install|upgrade/.test(e));
      const target = `${r.kind.toLowerCase()}/${r.name}`;
      const nsFlag = r.namespace ? ` -n ${r.namespace}` : ` -n ${releaseNs}`;
      const commands = [
        `kubectl annotate${nsFlag} ${target} meta.helm.sh/release-name=${release} meta.helm.sh/release-namespace=${releaseNs} --overwrite`,
        `kubectl label${nsFlag} ${target} app.kubernetes.io/managed-by=Helm --overwrite`,
      ].join('\n');
      findings.push({
        severity: ranOnDeploy ? 'error' : 'warning',
        message:
          `${r.kind} ${r.name} was a hook (${hook.events.join(',')}) at ${ctx.baseRef} and is a regular resource now. Its delete ` +
          `policy (${hook.effectiveDeletePolicies.join(',')}) leaves the hook object in the cluster, without Helm's ownership ` +
          `metadata, and the next helm upgrade checks ownership before any hook runs: "${error}". Ways out: ` +
          `helm upgrade --take-ownership (Helm 3.17+), adopting the object (kubectl annotate and label), or deleting it first.`,
        location: ctx.locate(r.template, r.nameRange ?? r.kindRange ?? { start: r.doc.start, end: r.doc.start }),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: [],
        fix: [
          {
            title: `Copy the kubectl commands that let release ${release} adopt ${r.kind} ${r.name}`,
            edits: [],
            command: { title: 'Copy adoption commands', command: 'helmHookGuard.copyToClipboard', arguments: [commands] },
          },
        ],
      });
    }
    return findings;
  },
};
