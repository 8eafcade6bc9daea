// H4: a pre-install/pre-upgrade hook workload uses a regular resource of the chart. Regular resources are created
// after the pre-install hooks (install.go: hooks, then KubeClient.Create) and updated after the pre-upgrade hooks.
import { HOOK_DELETE_POLICY_ANNOTATION, HOOK_ANNOTATION, HOOK_WEIGHT_ANNOTATION, type HookEvent } from '../../chart/hooks';
import type { PlannedFix } from '../fixes/edits';
import { consequenceOf, neededByPods } from '../model';
import { isRegular } from '../model';
import { appendHookCopy } from '../fixes/copies';
import { fluxOnFailure, hookEventRuns, hookOf } from '../model';
import { suffixPoint } from '../fixes/annotations';
import type { Rule } from '../contract';
import { clip } from './support';

export const rule: Rule = {
  meta: {
    id: 'hook-uses-regular-resource',
    hazard: 'H4',
    defaultSeverity: 'warning',
    description: 'A pre-install or pre-upgrade hook uses a regular resource: absent on first install, previous content on upgrade.',
    needsBaseline: false,
  },
  check(ctx, report) {
    for (const ref of ctx.current.references) {
      const w = ref.referrer;
      const hook = hookOf(w);
      if (!hook || ref.optional || !neededByPods(ref)) continue;
      const pre = hook.events.filter((e): e is HookEvent => (e === 'pre-install' || e === 'pre-upgrade') && hookEventRuns(ctx.deployer, e));
      if (pre.length === 0) continue;
      const target = ctx.current.targetsOf(ref);
      if (target.length === 0 || !target.every(isRegular)) continue;
      const r = target[0];
      const what = `${r.kind} ${r.name}`;
      const parts: string[] = [];
      if (pre.includes('pre-install')) {
        parts.push(`on the first helm install it does not exist yet (Helm creates the release's resources only after the pre-install hooks), so ${consequenceOf(ref).replace(/^Pods/, 'pods')}`);
      }
      if (pre.includes('pre-upgrade')) {
        parts.push(`on helm upgrade it still has the previous revision's content (resources are updated after the pre-upgrade hooks)`);
      }
      const fix: PlannedFix[] = [];
      const copy = appendHookCopy(ctx, r, '-hook', {
        [HOOK_ANNOTATION]: pre.join(','),
        [HOOK_WEIGHT_ANNOTATION]: String(hook.weight - 1),
        [HOOK_DELETE_POLICY_ANNOTATION]: 'before-hook-creation',
      });
      const rename = suffixPoint(ctx, w.template, ref.contentRange, ref.range);
      if (copy && rename !== undefined) {
        fix.push({
          title: `Give the hook its own copy of ${clip(r.kind, 28)}`,
          isPreferred: true,
          edits: [copy, { path: w.template.path, start: rename, end: rename, newText: '-hook' }],
        });
      }
      report({
        message: pre.includes('pre-install')
          ? `Hook ${w.kind} ${w.name} runs before ${what} is created`
          : `Hook ${w.kind} ${w.name} reads ${what} before it is updated`,
        detail:
          `${w.kind} ${w.name} is a ${hook.events.join(',')} hook, but ${what} is a regular resource of the release: ${parts.join('; ')}.` +
          // Helm waits for Job and Pod hooks: the install fails, and Flux's answer to that is the HelmRelease's.
          (pre.includes('pre-install') && ctx.deployer.flux && (w.kind === 'Job' || w.kind === 'Pod') ? ` The install then fails; ${fluxOnFailure(ctx.deployer, 'install')}.` : ''),
        location: ctx.locate(w.template, ref.range),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: [{ ...ctx.locate(r.template, r.nameRange ?? { start: r.doc.start, end: r.doc.start }), message: `${what} is defined here` }],
        fix,
      });
    }
  },
};
