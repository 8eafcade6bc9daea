// H6: helm rollback re-applies the target revision's manifest and runs only its pre-/post-rollback hooks
// (pkg/action/rollback.go), so a hook that workloads use keeps the newer content after a rollback.
import { HOOK_ANNOTATION } from '../../chart/hooks';
import { isRegular, levelOf } from '../model';
import { currentEvents, withEvents } from '../fixes/events';
import { fluxRemediation, hookOf, hooksRun } from '../model';
import { hasRegularTwin, relatedRefs } from './support';
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'hook-not-restored-on-rollback',
    hazard: 'H6',
    defaultSeverity: 'info',
    description: 'A hook that workloads reference lacks pre-rollback: helm rollback does not restore it.',
    needsBaseline: false,
  },
  check(ctx, report) {
    // Argo CD ignores rollback hooks; its rollbacks are syncs.
    if (ctx.deployer.profile === 'argocd') return;
    // A HelmRelease with rollback.disableHooks runs no rollback hook: pre-rollback restores nothing either.
    const noHooks = !hooksRun(ctx.deployer, 'rollback');
    // Flux rolls back by itself when an upgrade fails, if its upgrade remediation says so.
    const auto = fluxRemediation(ctx.deployer, 'upgrade') === 'rollback';
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      if (!hook || (hook.events.includes('pre-rollback') && !noHooks) || hook.events.includes('test') || hasRegularTwin(ctx.current, r)) continue;
      const refs = ctx.current.referencesTo(r).filter((x) => isRegular(x.referrer));
      if (refs.length === 0) continue;
      const what = `${r.kind} ${r.name}`;
      const edit = noHooks ? undefined : withEvents(ctx, r, [...currentEvents(r), 'pre-rollback']);
      const flux = auto ? ` Flux rolls back by itself when an upgrade fails (upgrade.remediation strategy rollback), so this happens without anyone running helm rollback.` : '';
      report({
        level: levelOf(refs),
        message: noHooks ? `Flux's rollback does not restore ${what} (rollback.disableHooks)` : `helm rollback does not restore ${what} (no pre-rollback)`,
        detail:
          (noHooks
            ? `${what} is a hook that the release's objects use, and the HelmRelease sets rollback.disableHooks: a rollback restores the release's own ` +
              `resources and runs no hook at all, so ${what} keeps the newer revision's content (or stays absent), pre-rollback or not.`
            : `${what} is a hook that the release's objects use, without pre-rollback: helm rollback restores the release's own resources ` +
              `and runs only pre-/post-rollback hooks, so ${what} keeps the newer revision's content (or stays absent).`) + flux,
        location: ctx.locate(r.template, r.annotations.get(HOOK_ANNOTATION)!.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: relatedRefs(ctx, refs),
        fix: edit ? [{ title: 'Add pre-rollback to its hook events', edits: [edit] }] : [],
      });
    }
  },
};
