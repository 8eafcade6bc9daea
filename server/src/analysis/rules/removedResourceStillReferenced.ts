// H13: a regular resource of the baseline is gone (removed or renamed) while a workload still names it: helm upgrade
// deletes it (pkg/kube/client.go Update deletes original.Difference(target)).
import type { PlannedFix } from '../fixes/edits';
import { consequenceOf, levelOf, summaryOf } from '../model';
import { isRegular } from '../model';

import type { Rule } from '../contract';
import { clip } from './support';

export const rule: Rule = {
  meta: {
    id: 'removed-resource-still-referenced',
    hazard: 'H13',
    defaultSeverity: 'error',
    description: 'A regular resource at the base ref is gone or renamed while a workload still references the old name.',
    needsBaseline: true,
  },
  check(ctx, report) {
    if (!ctx.baseline) return;
    const before = new Set(ctx.baseline.kept.filter(isRegular).map((r) => r.identity));
    const objects = ctx.current.kept;
    for (const ref of ctx.current.references) {
      if (ref.optional || ctx.current.targetsOf(ref).length > 0) continue;
      if (!before.has(ref.identity)) continue;
      const renamed = objects.filter((o) => o.group === ref.group && o.kind === ref.kind && o.namespace === ref.namespace && isRegular(o) && !before.has(o.identity));
      const fix: PlannedFix[] = [];
      const content = ctx.origin(ref.referrer.template, ref.contentRange);
      if (content.literal && content.span.path === ref.referrer.template.path) {
        for (const o of renamed.slice(0, 3)) {
          fix.push({ title: `Reference ${clip(`${o.kind} ${o.name}`, 42)} instead`, isPreferred: renamed.length === 1, edits: [{ path: content.span.path, start: content.span.start, end: content.span.end, newText: o.name }] });
        }
      }
      report({
        level: levelOf([ref]),
        message: `helm upgrade will delete ${ref.kind} ${ref.name}, still used here: ${summaryOf([ref])}`,
        detail:
          `${ref.kind} ${ref.name} was a resource of the release at ${ctx.baseRef} and is gone now` +
          (renamed.length > 0 ? ` (renamed to ${renamed.map((o) => o.name).join(' or ')}?)` : '') +
          `: the next helm upgrade deletes it, while ${ref.referrer.kind} ${ref.referrer.name} still references it: ${consequenceOf(ref, true)}.`,
        location: ctx.locate(ref.referrer.template, ref.range),
        resource: { kind: ref.kind, name: ref.name, namespace: ref.namespace },
        related: [],
        fix,
      });
    }
  },
};
