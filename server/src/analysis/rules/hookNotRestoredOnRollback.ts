// H6: helm rollback re-applies the target revision's manifest and runs only its pre-/post-rollback hooks
// (pkg/action/rollback.go), so a hook that workloads use keeps the newer content after a rollback.
import { HOOK_ANNOTATION } from '../../chart/hooks';
import { isRegular, levelOf } from '../model';
import { currentEvents, withEvents } from '../fixes/events';
import { hookOf } from '../model';
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
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      if (!hook || hook.events.includes('pre-rollback') || hook.events.includes('test') || hasRegularTwin(ctx.current, r)) continue;
      const refs = ctx.current.referencesTo(r).filter((x) => isRegular(x.referrer));
      if (refs.length === 0) continue;
      const what = `${r.kind} ${r.name}`;
      const edit = withEvents(ctx, r, [...currentEvents(r), 'pre-rollback']);
      report({
        level: levelOf(refs),
        message: `helm rollback does not restore ${what} (no pre-rollback)`,
        detail:
          `${what} is a hook that the release's objects use, without pre-rollback: helm rollback restores the release's own resources ` +
          `and runs only pre-/post-rollback hooks, so ${what} keeps the newer revision's content (or stays absent).`,
        location: ctx.locate(r.template, r.annotations.get(HOOK_ANNOTATION)!.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: relatedRefs(ctx, refs),
        fix: edit ? [{ title: 'Add pre-rollback to its hook events', edits: [edit] }] : [],
      });
    }
  },
};
