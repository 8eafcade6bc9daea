// H11: hooks of one event run one at a time, in the deployer's order (model/view.ts executionOrder). A hook workload
// that uses a hook created after it sees nothing (or the previous content, on upgrade).
import { HOOK_EVENTS, HOOK_WEIGHT_ANNOTATION } from '../../chart/hooks';
import { setAnnotation } from '../fixes/annotations';
import { hookEventRuns, hookOf, neededByPods } from '../model';
import type { Rule } from '../contract';
import { clip } from './support';

export const rule: Rule = {
  meta: {
    id: 'hook-order-dependency',
    hazard: 'H11',
    defaultSeverity: 'warning',
    description: 'A hook workload uses another hook of the same event that Helm runs after it (weight, then name).',
    needsBaseline: false,
  },
  check(ctx, report) {
    const reported = new Set<string>();
    for (const event of HOOK_EVENTS) {
      if (!hookEventRuns(ctx.deployer, event)) continue;
      const order = ctx.current.order(event);
      const position = new Map(order.map((r, i) => [r, i]));
      for (const ref of ctx.current.references) {
        const w = ref.referrer;
        const i = position.get(w);
        // Only pods need the object when they start; bindings, routes and the like resolve names later.
        if (i === undefined || !neededByPods(ref)) continue;
        for (const producer of ctx.current.targetsOf(ref)) {
          const j = position.get(producer);
          if (j === undefined) continue;
          const key = `${w.identity}|${producer.identity}|${ref.range.start}`;
          if (j <= i || reported.has(key)) continue;
          reported.add(key);
          const wh = hookOf(w)!;
          const ph = hookOf(producer)!;
          const weight = String(wh.weight - 1);
          const edit = setAnnotation(ctx, producer, HOOK_WEIGHT_ANNOTATION, weight);
          report({
            message: `Hook ${w.kind} ${w.name} runs before ${producer.kind} ${producer.name}, which it uses`,
            detail:
              `${w.kind} ${w.name} (weight ${wh.weight}) runs before ${producer.kind} ${producer.name} (weight ${ph.weight}) ` +
              `among the ${event} hooks: ` +
              (ctx.deployer.profile === 'argocd' ? 'Argo CD runs hooks by sync wave (the hook weight), then kind, then name' : 'Helm runs hooks by weight, then by name') +
              `, so when its pods start ${producer.kind} ` +
              `${producer.name} does not exist yet (or still has the previous run's content).`,
            location: ctx.locate(w.template, ref.range),
            resource: { kind: producer.kind, name: producer.name, namespace: producer.namespace },
            related: [{ ...ctx.locate(producer.template, producer.nameRange ?? { start: producer.doc.start, end: producer.doc.start }), message: `${producer.kind} ${producer.name} is a ${event} hook with weight ${ph.weight}` }],
            fix: edit ? [{ title: `Run ${clip(`${producer.kind} ${producer.name}`, 36)} first (weight ${weight})`, isPreferred: true, edits: [edit] }] : [],
          });
        }
      }
    }
  },
};
