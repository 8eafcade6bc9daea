// A workload references a ConfigMap, Secret, PVC or ServiceAccount the chart does not define: it depends on
// something created elsewhere (or a typo).
import { disabledHookSettings, hookEventRuns, hookOf, isRegular, levelOf, neededByPods, type Resource } from '../model';

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
    const inBaseline = new Set(ctx.baseline ? ctx.baseline.kept.map((r) => r.identity) : []);
    const dropped = new Set(ctx.current.model.resources.filter((r) => r.lifecycle.kind === 'dropped').map((r) => r.identity));
    for (const ref of ctx.current.references) {
      // An optional reference starts without the object; the default ServiceAccount always exists.
      if (ref.optional || !NAMED_KINDS.has(ref.kind) || ref.group !== '' || !neededByPods(ref) || (ref.kind === 'ServiceAccount' && ref.name === 'default')) continue;
      const targets = ctx.current.targetsOf(ref);
      // Defined only as hooks that the deployer never runs (Flux disableHooks on install, upgrade and rollback alike):
      // the chart defines it, yet nothing creates it.
      if (targets.length > 0 && isRegular(ref.referrer) && targets.every((t) => neverCreated(t, ctx.deployer))) {
        const t = targets[0];
        const off = disabledHookSettings(ctx.deployer, hookOf(t)!.events);
        report({
          level: 2 + levelOf([ref]),
          message: `${ref.kind} ${ref.name} is never created: a hook, and Flux disables hooks (${off.map((s) => s.split('.')[0]).join(', ')})`,
          detail:
            `${ref.referrer.kind} ${ref.referrer.name} references ${ref.kind} ${ref.name}, which the chart defines only as a hook ` +
            `(${hookOf(t)!.events.join(',')}). The HelmRelease sets ${off.join(', ')}, so Helm applies no hook of those actions: ` +
            `${ref.kind} ${ref.name} never exists unless something else creates it.`,
          location: ctx.locate(ref.referrer.template, ref.range),
          resource: { kind: ref.kind, name: ref.name, namespace: ref.namespace },
          related: [{ ...ctx.locate(t.template, t.annotations.get('helm.sh/hook')!.pair), message: `${t.kind} ${t.name} is a hook here`, kind: t.kind, name: t.name }],
        });
        continue;
      }
      if (targets.length > 0) continue;
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

/** A hook none of whose install, upgrade or rollback events runs under the deployer. */
function neverCreated(r: Resource, d: Parameters<typeof hookEventRuns>[0]): boolean {
  const hook = hookOf(r);
  if (!hook) return false;
  const creating = hook.events.filter((e) => /-(install|upgrade|rollback)$/.test(e));
  return creating.length > 0 && !creating.some((e) => hookEventRuns(d, e));
}
