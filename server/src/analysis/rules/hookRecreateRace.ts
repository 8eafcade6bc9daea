// H20: before-hook-creation deletes the previous hook object and, in Helm 3, waits until it is gone
// (pkg/action/hooks.go deleteHookByPolicy → WaitForDelete). Helm 4's default --wait=hookOnly has a WaitForDelete that
// returns at once (pkg/kube/statuswait.go hookOnlyWaiter), so an object that lingers after the delete (a Pod's
// graceful termination, finalizers) is still there when Helm creates or applies the new one.
import { deployerName, fieldOf, hookEventRuns, hookOf, isHelm4, waitsForHookDeletion } from '../model';
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'hook-recreate-race',
    hazard: 'H20',
    defaultSeverity: 'info',
    description: 'before-hook-creation on a hook Pod or an object with finalizers under Helm 4: no wait for the delete, so the re-create races it.',
    needsBaseline: false,
  },
  check(ctx, report) {
    if (!isHelm4(ctx.deployer) || waitsForHookDeletion(ctx.deployer)) return;
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      if (!hook || !hook.effectiveDeletePolicies.includes('before-hook-creation')) continue;
      // `helm test` waits with the watcher, deletions included (pkg/action/release_testing.go): test Pods are fine.
      const racing = hook.events.filter((e) => e !== 'test' && hookEventRuns(ctx.deployer, e));
      if (racing.length === 0) continue;
      const finalizers = fieldOf(r.root, r.doc.start, 'metadata', 'finalizers');
      const hasFinalizers = !!finalizers && Array.isArray((finalizers.value as { items?: unknown[] } | null)?.items) && (finalizers.value as { items: unknown[] }).items.length > 0;
      if (r.kind !== 'Pod' && !hasFinalizers) continue;
      const why = r.kind === 'Pod' ? 'the old Pod terminates gracefully (30s by default)' : 'its finalizers keep the old object until they are removed';
      const what = `hook ${r.kind} ${r.name}`;
      const who = deployerName(ctx.deployer);
      const policy = r.annotations.get('helm.sh/hook-delete-policy');
      const at = policy?.pair ?? (hasFinalizers ? finalizers!.key : undefined) ?? r.annotations.get('helm.sh/hook')!.pair;
      report({
        message: `${who} re-creates ${what} without waiting for the old one to go`,
        detail:
          `On the next ${racing.join(',')} run, before-hook-creation deletes the previous ${r.name}, but under ${who}'s default ` +
          `--wait=hookOnly Helm does not wait for the deletion (Helm 3 did): ${why}, so creating the new one can fail with ` +
          `AlreadyExists or "object is being deleted", or, under server-side apply, patch the old object just before it disappears.` +
          (r.kind === 'Pod' ? ' A Job (which Helm waits for too) avoids that: its pods get new names.' : ''),
        location: ctx.locate(r.template, at),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: [],
        fix: [
          {
            title: 'Wait for deletions (--wait=watcher)',
            edits: [],
            text: { label: 'Helm 4 flags that wait for hook deletions (and for the release\'s resources)', text: 'helm upgrade --install --wait=watcher ...' },
          },
        ],
      });
    }
  },
};
