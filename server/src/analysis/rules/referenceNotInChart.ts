// A workload references a ConfigMap, Secret, PVC or ServiceAccount the chart does not define: it depends on
// something created elsewhere (or a typo).
import { neededByPods } from '../model';

import type { Rule } from '../contract';

// What pods need by name; other references (a TLS Secret from cert-manager, an IngressClass, a ClusterRole) usually
// come from elsewhere by design.
const NAMED_KINDS = new Set(['ConfigMap', 'Secret', 'PersistentVolumeClaim', 'ServiceAccount']);

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
      if (ref.optional || !NAMED_KINDS.has(ref.kind) || ref.group !== '' || !neededByPods(ref) || (ref.kind === 'ServiceAccount' && ref.name === 'default')) continue;
      if (ctx.current.targetsOf(ref).length > 0) continue;
      const id = ref.identity;
      if (inBaseline.has(id) || dropped.has(id)) continue; // removed-resource-still-referenced and hook-event-unknown say more
      report({
        message: `${ref.kind} ${ref.name} is not defined by this chart`,
        detail:
          `${ref.referrer.kind} ${ref.referrer.name} references ${ref.kind} ${ref.name}, which this chart does not define: ` +
          `it must exist before the pods start (created by another chart, an operator or by hand).`,
        location: ctx.locate(ref.referrer.template, ref.range),
        resource: { kind: ref.kind, name: ref.name, namespace: ref.namespace },
        related: [],
      });
    }
  },
};
