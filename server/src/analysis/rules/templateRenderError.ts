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
    for (const p of ctx.current.model.problems) {
      if (p.rule !== 'template-render-error') continue;
      const location = p.span ? ctx.spanLocation(p.span) : p.template && p.out ? ctx.locate(p.template, p.out) : undefined;
      if (location) report({ message: p.message, location });
    }
  },
};
