// H2: a hook at the baseline is a regular resource now. The upgrade's ownership check (pkg/action/validate.go
// existingResourceConflict) runs for objects new to the manifest before any hook, and the live hook object has no
// ownership metadata: the upgrade fails.
import { isRegular } from '../model';
import { child, stringValue } from '../model/yamlNodes';
import { fluxOnFailure, hookEventRuns, hookOf } from '../model';
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'hook-to-regular-ownership-conflict',
    hazard: 'H2',
    defaultSeverity: 'error',
    description: 'A hook at the base ref is a regular resource now while the live hook object survives: helm upgrade fails on ownership.',
    needsBaseline: true,
    levels: 'one step milder when the hook never ran on install or upgrade',
  },
  check(ctx, report) {
    // Argo CD has no ownership check; Flux takes ownership unless the HelmRelease sets upgrade.disableTakeOwnership
    // (helm-controller internal/action/upgrade.go: TakeOwnership = !disableTakeOwnership), so the live hook object is
    // adopted instead of failing the upgrade.
    const flux = ctx.deployer.flux;
    if (!ctx.baseline || ctx.deployer.profile === 'argocd' || (flux && !flux.upgrade.disableTakeOwnership)) return;
    const wasHook = new Map(ctx.baseline.kept.filter((r) => hookOf(r)).map((r) => [r.identity, r]));
    for (const r of ctx.current.kept.filter(isRegular)) {
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
      const ranOnDeploy = hook.events.some((e) => /install|upgrade/.test(e) && hookEventRuns(ctx.deployer, e));
      const target = `${r.kind.toLowerCase()}/${r.name}`;
      const nsFlag = r.namespace ? ` -n ${r.namespace}` : ` -n ${releaseNs}`;
      const commands = [
        `kubectl annotate${nsFlag} ${target} meta.helm.sh/release-name=${release} meta.helm.sh/release-namespace=${releaseNs} --overwrite`,
        `kubectl label${nsFlag} ${target} app.kubernetes.io/managed-by=Helm --overwrite`,
      ].join('\n');
      report({
        level: ranOnDeploy ? 0 : -1,
        message: `helm upgrade will fail on ownership of ${r.kind} ${r.name} (no longer a hook)`,
        detail:
          `${r.kind} ${r.name} was a hook (${hook.events.join(',')}) at ${ctx.baseRef} and is a regular resource now. Its delete ` +
          `policy (${hook.effectiveDeletePolicies.join(',')}) leaves the hook object in the cluster, without Helm's ownership ` +
          `metadata, and the next helm upgrade checks ownership before any hook runs: "${error}". Ways out: ` +
          (flux
            ? `The HelmRelease sets upgrade.disableTakeOwnership, so Flux's upgrade fails the same way; then ${fluxOnFailure(ctx.deployer, 'upgrade')}. Ways out: ` +
              `unset disableTakeOwnership, adopting the object (kubectl annotate and label), or deleting it first.`
            : `helm upgrade --take-ownership (Helm 3.17+), adopting the object (kubectl annotate and label), or deleting it first.`),
        location: ctx.locate(r.template, r.nameRange ?? r.kindRange ?? { start: r.doc.start, end: r.doc.start }),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: [],
        fix: [
          {
            title: 'Copy the kubectl commands to adopt it',
            edits: [],
            text: { label: `kubectl commands that let release ${release} adopt ${r.kind} ${r.name}`, text: commands },
          },
        ],
      });
    }
  },
};
