// Rendered output Helm cannot read or install: invalid YAML, annotations that are not strings.
import type { PlannedFix } from '../fixes/edits';
import type { ModelProblem } from '../model';
import type { Rule, RuleContext } from '../contract';
import { clip } from './support';

/** Quotes a literal scalar that must be a string. */
function quoteFix(ctx: RuleContext, p: ModelProblem): PlannedFix[] {
  if (!p.quote || !p.template) return [];
  const o = ctx.origin(p.template, p.quote);
  const text = ctx.text(p.template.path);
  if (!o.literal || o.span.path !== p.template.path || text === undefined) return [];
  const raw = text.slice(o.span.start, o.span.end);
  return [{ title: `Quote the value: "${clip(raw, 36)}"`, isPreferred: true, edits: [{ path: o.span.path, start: o.span.start, end: o.span.end, newText: JSON.stringify(raw) }] }];
}

export const rule: Rule = {
  meta: {
    id: 'manifest-invalid',
    defaultSeverity: 'error',
    description: 'Rendered output that Helm cannot read: invalid YAML or non-string annotations.',
    needsBaseline: false,
  },
  check(ctx, report) {
    for (const p of ctx.current.model.problems) {
      if (p.rule !== 'manifest-invalid') continue;
      const location = p.span ? ctx.spanLocation(p.span) : p.template && p.out ? ctx.locate(p.template, p.out) : undefined;
      if (location) report({ message: p.message, detail: p.detail, location, fix: quoteFix(ctx, p) });
    }
  },
};
