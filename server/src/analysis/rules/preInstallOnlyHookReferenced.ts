// H5: a pre-install hook without pre-upgrade that workloads use: never recreated on upgrade.
import { HOOK_ANNOTATION } from '../../chart/hooks';
import { isRegular, levelOf, summaryOf } from '../model';
import { currentEvents, withEvents } from '../fixes/events';
import { hasEvent, hookOf, hooksRun } from '../model';
import { consequences, hasRegularTwin, relatedRefs } from './support';
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'pre-install-only-hook-referenced',
    hazard: 'H5',
    defaultSeverity: 'warning',
    description: 'A pre-install hook without pre-upgrade that workloads reference: never recreated or updated on upgrade.',
    needsBaseline: false,
  },
  check(ctx, report) {
    // Argo CD runs pre-install and pre-upgrade hooks alike as PreSync, on every sync.
    if (ctx.deployer.profile === 'argocd') return;
    // With install.disableHooks the hook is never created at all: reference-not-in-chart says so.
    if (!hooksRun(ctx.deployer, 'install')) return;
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      // upgrade.disableHooks makes every hook install-only, pre-upgrade or not.
      const noUpgradeHooks = !hooksRun(ctx.deployer, 'upgrade');
      if (!hook || !hook.events.includes('pre-install') || (hook.events.includes('pre-upgrade') && !noUpgradeHooks) || hasRegularTwin(ctx.current, r)) continue;
      const refs = ctx.current.referencesTo(r).filter(
        (x) => isRegular(x.referrer) || hasEvent(x.referrer, 'pre-upgrade') || hasEvent(x.referrer, 'post-upgrade'),
      );
      if (refs.length === 0) continue;
      const what = `${r.kind} ${r.name}`;
      const edit = noUpgradeHooks ? undefined : withEvents(ctx, r, [...currentEvents(r), 'pre-upgrade']);
      // New since the base ref: releases installed from it never ran this pre-install hook, and no upgrade will.
      const isNew = ctx.baseline !== undefined && ctx.baseline.byIdentity(r.identity).length === 0;
      report({
        level: (isNew ? 1 : 0) + levelOf(refs),
        message: isNew
          ? `Existing releases never get ${what} (new pre-install-only hook): ${summaryOf(refs)}`
          : noUpgradeHooks
            ? `Flux's upgrades never update ${what} (upgrade.disableHooks)`
            : `helm upgrade never updates ${what} (pre-install only)`,
        detail: isNew
          ? `${what} is new since ${ctx.baseRef} and a pre-install hook without pre-upgrade. Releases installed before it ` +
            `never ran it, and helm upgrade runs only pre-upgrade and post-upgrade hooks, so on their next upgrade ${what} ` +
            `is never created: ${consequences(refs)}. Only fresh installs get it.`
          : noUpgradeHooks
            ? `${what} is a pre-install hook that the release's objects use, and the HelmRelease sets upgrade.disableHooks: Flux's upgrades run ` +
              `no hook, so ${what} is created once, on install, and never recreated or updated (then ${consequences(refs)}).`
          : `${what} is a pre-install hook without pre-upgrade, and the release's objects use it. Helm creates it once, on helm install: ` +
            `upgrades never recreate or update it, so changes to it never reach the cluster, and once it is deleted it stays gone ` +
            `(then ${consequences(refs)}).`,
        location: ctx.locate(r.template, r.annotations.get(HOOK_ANNOTATION)!.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: relatedRefs(ctx, refs),
        fix: edit ? [{ title: 'Add pre-upgrade to its hook events', isPreferred: true, edits: [edit] }] : [],
      });
    }
  },
};
