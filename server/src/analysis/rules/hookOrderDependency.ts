// H11: hooks of one event run one at a time, by weight, then metadata.name, ties in kind order (pkg/action/hooks.go
// hookByWeight over hooks sorted by sortHooksByKind). A hook workload that uses a hook created after it sees nothing
// (or the previous content, on upgrade).
import { hookExecutionLess, HOOK_EVENTS, HOOK_WEIGHT_ANNOTATION, lessByKind, stableSortBy, type HookEvent } from '../../chart/hooks';
import type { Finding } from '../findings';
import { setAnnotation } from '../fixes/annotations';
import type { Resource } from '../resources';
import { hookOf, targetOf } from './lookup';
import type { Rule } from './rule';

/** The order hooks of one event run in. Helm: weight, then name, ties by kind. Argo CD (which maps the weight to a
 *  sync wave): wave, then kind, then name. */
export function executionOrder(hooks: readonly Resource[], event: HookEvent, deployer: 'helm' | 'argocd' = 'helm'): Resource[] {
  const ofEvent = hooks.filter((h) => hookOf(h)?.events.includes(event));
  if (deployer === 'argocd') {
    const byName = stableSortBy(ofEvent, (a, b) => a.name < b.name);
    const byKind = stableSortBy(byName, (a, b) => lessByKind(a.kind, b.kind));
    return stableSortBy(byKind, (a, b) => hookOf(a)!.weight < hookOf(b)!.weight);
  }
  const byKind = stableSortBy(ofEvent, (a, b) => lessByKind(a.kind, b.kind));
  return stableSortBy(byKind, (a, b) =>
    hookExecutionLess({ weight: hookOf(a)!.weight, name: a.name }, { weight: hookOf(b)!.weight, name: b.name }),
  );
}

export const rule: Rule = {
  id: 'hook-order-dependency',
  hazard: 'H11',
  defaultSeverity: 'warning',
  description: 'A hook workload uses another hook of the same event that Helm runs after it (weight, then name).',
  needsBaseline: false,
  check(ctx) {
    const findings: Omit<Finding, 'rule'>[] = [];
    const hooks = ctx.objects(ctx.current).filter((r) => hookOf(r));
    const reported = new Set<string>();
    for (const event of HOOK_EVENTS) {
      const order = executionOrder(hooks, event, ctx.deployer);
      const position = new Map(order.map((r, i) => [r, i]));
      for (const ref of ctx.current.references) {
        const w = ref.workload;
        const i = position.get(w);
        if (i === undefined) continue;
        for (const producer of targetOf(order, ref)) {
          const j = position.get(producer)!;
          const key = `${w.identity}|${producer.identity}|${ref.range.start}`;
          if (j <= i || reported.has(key)) continue;
          reported.add(key);
          const wh = hookOf(w)!;
          const ph = hookOf(producer)!;
          const weight = String(wh.weight - 1);
          const edit = setAnnotation(ctx, producer, HOOK_WEIGHT_ANNOTATION, weight);
          findings.push({
            severity: 'warning',
            message:
              `${w.kind} ${w.name} (weight ${wh.weight}) runs before ${producer.kind} ${producer.name} (weight ${ph.weight}) ` +
              `among the ${event} hooks: ` +
              (ctx.deployer === 'argocd' ? 'Argo CD runs hooks by sync wave (the hook weight), then kind, then name' : 'Helm runs hooks by weight, then by name') +
              `, so when its pods start ${producer.kind} ` +
              `${producer.name} does not exist yet (or still has the previous run's content).`,
            location: ctx.locate(w.template, ref.range),
            resource: { kind: producer.kind, name: producer.name, namespace: producer.namespace },
            related: [{ ...ctx.locate(producer.template, producer.nameRange ?? { start: producer.doc.start, end: producer.doc.start }), message: `${producer.kind} ${producer.name} is a ${event} hook with weight ${ph.weight}` }],
            fix: edit ? [{ title: `Give ${producer.kind} ${producer.name} the weight ${weight}, so it runs first`, isPreferred: true, edits: [edit] }] : [],
          });
        }
      }
    }
    return findings;
  },
};
