// H18: Helm 4 waits for hooks with a kstatus watcher that needs the Job to reach Current (pkg/kube/statuswait.go
// WatchUntilReady/wait); a Job the TTL controller deletes reads as NotFound and the wait runs to --timeout
// (helm/helm#32586, open at v4.1.4). Helm 3's watch ended the wait on a Deleted event (pkg/kube/client.go watchUntilReady).
import { removeFieldLines } from '../fixes/annotations';
import type { PlannedFix } from '../fixes/edits';
import { deployerName, fieldOf, hookOf, isHelm4 } from '../model';
import { hookRuns } from './support';
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'hook-job-ttl-wait',
    hazard: 'H18',
    defaultSeverity: 'warning',
    description: 'A hook Job with ttlSecondsAfterFinished under Helm 4: deleted while Helm waits, it reads as NotFound until the timeout.',
    needsBaseline: false,
    levels: 'one step milder when the TTL is above 0 (the Job must outlive the wait)',
  },
  check(ctx, report) {
    if (!isHelm4(ctx.deployer)) return;
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      if (!hook || r.kind !== 'Job' || !hookRuns(ctx.deployer, hook)) continue;
      const ttl = fieldOf(r.root, r.doc.start, 'spec', 'ttlSecondsAfterFinished');
      if (!ttl) continue;
      const raw = (ttl.value as { value?: unknown } | null)?.value;
      const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
      if (seconds === undefined) continue;
      const what = `hook Job ${r.name}`;
      const who = deployerName(ctx.deployer);
      const fix: PlannedFix[] = [];
      const remove = removeFieldLines(ctx, r, ttl.pair);
      // The delete policy cleans up after Helm has seen the Job finish; the TTL is not needed for that.
      if (remove) fix.push({ title: 'Remove ttlSecondsAfterFinished', isPreferred: true, edits: [remove] });
      fix.push({
        title: 'Wait with the legacy waiter, which ends on deletion',
        edits: [],
        text: { label: 'Helm 4 flags whose hook wait ends when the Job is deleted', text: 'helm upgrade --install --wait=legacy ...' },
      });
      report({
        level: seconds > 0 ? -1 : 0,
        message: `${who} may wait until the timeout for ${what} (ttlSecondsAfterFinished: ${seconds})`,
        detail:
          `${who} waits for each hook Job until its status is Current (pkg/kube/statuswait.go). The TTL controller deletes ` +
          `${r.name} ${seconds === 0 ? 'as soon as it finishes' : `${seconds}s after it finishes`}; once it is gone the watcher ` +
          `reads NotFound, never Current, and the ${hook.events.join(',')} hook fails after --timeout (5m by default) with ` +
          `"resource Job/${r.namespace}/${r.name} not ready. status: NotFound" (helm/helm#32586). Helm 3 ended the wait on ` +
          `the delete event.`,
        location: ctx.locate(r.template, ttl.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: [],
        fix,
      });
    }
  },
};
