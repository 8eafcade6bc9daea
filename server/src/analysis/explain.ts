// Explanations of Helm's hook lifecycle for one resource, as Markdown for hovers.
import {
  HOOK_ANNOTATION,
  HOOK_DELETE_POLICY_ANNOTATION,
  HOOK_WEIGHT_ANNOTATION,
  RESOURCE_POLICY_ANNOTATION,
  type HookEvent,
} from '../chart/hooks';
import { deployerLabel, deployerName, hookEventRuns, hookServerSideApply, isHelm4, originOf, summaryOf, waitsForHookDeletion, type RenderView, type Resource } from './model';

const WHEN: Record<HookEvent, string> = {
  'pre-install': 'on `helm install`, after templates render and before any release resource is created',
  'post-install': 'on `helm install`, after all release resources are created (and waited for with `--wait`)',
  'pre-delete': 'on `helm uninstall`, before any release resource is deleted',
  'post-delete': 'on `helm uninstall`, after the release resources are deleted',
  'pre-upgrade': 'on `helm upgrade`, after templates render and before any release resource is updated',
  'post-upgrade': 'on `helm upgrade`, after the release resources are updated and stale ones deleted',
  'pre-rollback': 'on `helm rollback`, before resources are rolled back (the target revision\'s hooks run)',
  'post-rollback': 'on `helm rollback`, after resources are rolled back',
  test: 'on `helm test`',
};

const POLICY: Record<string, string> = {
  'before-hook-creation': 'the previous object is deleted just before the hook creates it again',
  'hook-succeeded': 'deleted as soon as all hooks of the event succeed: before the release resources are applied',
  'hook-failed': 'deleted if the hook fails',
};

function ordinal(n: number): string {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || s[0]);
}

/** The hook (or regular resource with hook annotations) whose annotation spans `offset` in `path`. */
export function resourceAt(current: RenderView, path: string, offset: number): Resource | undefined {
  for (const r of current.model.resources) {
    for (const key of [HOOK_ANNOTATION, HOOK_WEIGHT_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION, RESOURCE_POLICY_ANNOTATION]) {
      const a = r.annotations.get(key);
      if (!a) continue;
      const site = originOf(r.template, a.pair.start, a.pair.end).site;
      if (site.path === path && site.start <= offset && offset <= site.end) return r;
    }
  }
  return undefined;
}

export function explainHook(current: RenderView, r: Resource): string | undefined {
  const title = `${r.kind} ${r.name}`;
  if (r.lifecycle.kind === 'dropped') {
    return (
      `**${title} is dropped by Helm.** The \`${HOOK_ANNOTATION}\` annotation names an unknown event ` +
      `(${r.lifecycle.unknownEvents.map((e) => `\`${e || '(empty)'}\``).join(', ')}), so Helm skips the whole document: ` +
      `it is neither a hook nor part of the release. Valid events: ${Object.keys(WHEN).join(', ')}.`
    );
  }
  if (r.lifecycle.kind === 'regular') {
    return `**${title}** is a regular resource of the release: created, updated and deleted with it.`;
  }
  const hook = r.lifecycle.hook;
  const d = current.deployer;
  const lines = [`**Helm hook** \`${hook.events.join(',')}\`: ${title} (profile ${deployerLabel(d)})`, ''];
  for (const e of hook.events)
    lines.push(hookEventRuns(d, e) ? `- **${e}** runs ${WHEN[e]}.` : `- **${e}** never runs: the HelmRelease sets \`${e.replace(/^(pre|post)-/, '').replace(/^delete$/, 'uninstall')}.disableHooks\`.`);
  lines.push(
    '- **Not part of the release manifest.** Helm creates it when the hook runs, never updates or diffs it, and ' +
      '`helm uninstall` leaves it behind: only its delete policy removes it.',
  );
  if (isHelm4(d)) {
    const ssa = hookServerSideApply(d, hook.events);
    const how =
      ssa === 'always'
        ? 'applied with server-side apply (a PATCH: a surviving object is updated, an unchanged completed Job does not run again)'
        : ssa === 'depends'
          ? 'created (client-side) or applied server-side, as the release was last deployed (`--server-side=auto`)'
          : 'created (client-side apply)';
    lines.push(`- **${deployerName(d)}**: ${how}.${waitsForHookDeletion(d) ? '' : ' `before-hook-creation` does not wait for the old object to go (`--wait=hookOnly`).'}`);
  }
  const given = hook.deletePolicies.length > 0;
  lines.push(
    `- **Delete policy** ${given ? '' : '(none given, Helm\'s default) '}` +
      hook.effectiveDeletePolicies.map((p) => `\`${p}\`: ${POLICY[p] ?? 'not a policy Helm knows; it does nothing'}`).join('; ') +
      '.',
  );
  for (const e of hook.events) {
    const order = current.order(e);
    const pos = order.indexOf(r) + 1;
    lines.push(`- **Order** (weight ${hook.weight}): ${ordinal(pos)} of ${order.length} ${e} hook${order.length === 1 ? '' : 's'} (${current.deployer.profile === 'argocd' ? 'by sync wave, then kind, then name' : 'by weight, then name'}).`);
  }
  const refs = current.referencesTo(r);
  if (refs.length > 0) {
    const users = [...new Set(refs.map((x) => `${x.referrer.kind} ${x.referrer.name} (${x.via})`))];
    lines.push(`- **Used by** ${users.join(', ')}: without it, ${summaryOf(refs)}.`);
  }
  if (r.annotations.get(RESOURCE_POLICY_ANNOTATION)?.value === 'keep') {
    lines.push(`- \`${RESOURCE_POLICY_ANNOTATION}: keep\`: Helm never deletes it with the release.`);
  }
  return lines.join('\n');
}
