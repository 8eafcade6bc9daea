// A workload references a ConfigMap, Secret, PVC or ServiceAccount the chart does not define: it depends on
// something created elsewhere (or a typo).
import { identityOf } from '../model';

import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'reference-not-in-chart',
    defaultSeverity: 'info',
    description: 'A workload references a ConfigMap, Secret, PVC or ServiceAccount the chart does not define.',
    needsBaseline: false,
  },
  check(ctx, report) {
    const objects = ctx.current.kept;
    const inBaseline = new Set(ctx.baseline ? ctx.baseline.kept.map((r) => r.identity) : []);
    const dropped = new Set(ctx.current.model.resources.filter((r) => r.lifecycle.kind === 'dropped').map((r) => r.identity));
    for (const ref of ctx.current.references) {
      // An optional reference starts without the object; the default ServiceAccount always exists.
      if (ref.optional || (ref.kind === 'ServiceAccount' && ref.name === 'default')) continue;
      if (ctx.current.targetsOf(ref).length > 0) continue;
      const id = identityOf('', ref.kind, ref.namespace, ref.name);
      if (inBaseline.has(id) || dropped.has(id)) continue; // removed-resource-still-referenced and hook-event-unknown say more
      report({
        message: `${ref.kind} ${ref.name} is not defined by this chart`,
        detail:
          `${ref.workload.kind} ${ref.workload.name} references ${ref.kind} ${ref.name}, which this chart does not define: ` +
          `it must exist before the pods start (created by another chart, an operator or by hand).`,
        location: ctx.locate(ref.workload.template, ref.range),
        resource: { kind: ref.kind, name: ref.name, namespace: ref.namespace },
        related: [],
      });
    }
  },
};
