// H10: the weight is read with strconv.Atoi, untrimmed (manifest_sorter.go calculateHookWeight): anything but a plain
// integer string silently becomes 0.
import { goAtoi, HOOK_WEIGHT_ANNOTATION } from '../../chart/hooks';
import { replaceAnnotationValue } from '../fixes/annotations';
import { hookOf } from '../model';
import type { Rule } from '../contract';
import { clip } from './support';

export const rule: Rule = {
  meta: {
    id: 'hook-weight-invalid',
    hazard: 'H10',
    defaultSeverity: 'warning',
    description: 'A hook weight that is not a plain integer string: Helm silently uses 0.',
    needsBaseline: false,
  },
  check(ctx, report) {
    for (const r of ctx.current.kept) {
      const a = r.annotations.get(HOOK_WEIGHT_ANNOTATION);
      if (!hookOf(r) || !a || a.value === undefined || goAtoi(a.value) !== undefined) continue;
      const number = Number.parseFloat(a.value.trim());
      const intended = Number.isFinite(number) ? String(Math.trunc(number)) : undefined;
      const edit = intended !== undefined ? replaceAnnotationValue(ctx, r, HOOK_WEIGHT_ANNOTATION, intended) : undefined;
      report({
        message: `Helm reads hook weight ${JSON.stringify(a.value)} of ${r.kind} ${r.name} as 0`,
        detail:
          `Helm reads the hook weight ${JSON.stringify(a.value)} of ${r.kind} ${r.name} as 0: weights must be plain integer ` +
          `strings such as "-5" (strconv.Atoi, no spaces, no decimals), and a bad one is ignored without a word` +
          (intended !== undefined ? `. Did you mean "${intended}"?` : '.'),
        location: ctx.locate(r.template, a.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: [],
        fix: edit ? [{ title: `Use the weight "${clip(intended ?? "", 30)}"`, isPreferred: true, edits: [edit] }] : [],
      });
    }
  },
};
