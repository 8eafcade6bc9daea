// A template that does not render: located at the action Helm names; the rest of the chart is still analysed.
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'template-render-error',
    defaultSeverity: 'error',
    description: 'A template does not render (syntax error, unknown function, failed `required`/`fail`).',
    needsBaseline: false,
  },
  check(ctx, report) {
    const problems = ctx.current.model.problems.filter((p) => p.rule === 'template-render-error');
    // One root cause, one finding: when values.yaml, Chart.yaml or a values file does not load (Helm stops there),
    // templates that then fail while executing (nil pointers on the missing values) are its consequences.
    const inTemplates = (p: (typeof problems)[number]) => !!p.template || /(^|\/)templates\//.test(p.span?.path ?? '');
    const isRoot = (p: (typeof problems)[number]) => !inTemplates(p) && !!p.span && (/(^|\/)(values\.yaml|Chart\.yaml)$/.test(p.span.path) || /^failed to parse /.test(p.message));
    const roots = problems.filter(isRoot);
    const consequence = (p: (typeof problems)[number]) => roots.length > 0 && inTemplates(p) && / executing "/.test(p.message);
    const hidden = problems.filter(consequence).length;
    for (const p of problems) {
      if (consequence(p)) continue;
      const location = p.span ? ctx.spanLocation(p.span) : p.template && p.out ? ctx.locate(p.template, p.out) : undefined;
      const more =
        p === roots[0] && hidden > 0
          ? `Helm stops at this error. ${hidden} template${hidden === 1 ? '' : 's'} that fail${hidden === 1 ? 's' : ''} to execute because of it ${hidden === 1 ? 'is' : 'are'} not reported; the rest of the chart is checked with what could be read.`
          : undefined;
      if (location) report({ message: p.message, location, ...(more ? { detail: more } : {}) });
    }
  },
};
