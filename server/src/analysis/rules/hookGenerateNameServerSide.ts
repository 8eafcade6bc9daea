// H17: Helm 4 creates hooks with server-side apply when the release uses it (pkg/action/hooks.go execHook passes
// serverSideApply to KubeClient.Create; pkg/kube/client.go patchResourceServerSide PATCHes target.Name). A PATCH needs
// a name, so a hook with only metadata.generateName cannot be applied; Helm 3 POSTs it and the server picks a name.
import { HOOK_ANNOTATION } from '../../chart/hooks';
import { replaceLiteral } from '../fixes/annotations';
import type { PlannedFix } from '../fixes/edits';
import { deployerName, fieldOf, hookEventRuns, hookOf, hookServerSideApply } from '../model';
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'hook-generate-name-server-side',
    hazard: 'H17',
    defaultSeverity: 'error',
    description: 'A hook named only by generateName under Helm 4 server-side apply: the PATCH has no name and the hook fails.',
    needsBaseline: false,
    levels: 'one step milder when only upgrade, rollback or test runs use server-side apply (the release\'s method)',
  },
  check(ctx, report) {
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      if (!hook || r.name !== '') continue;
      const gen = fieldOf(r.root, r.doc.start, 'metadata', 'generateName');
      if (!gen) continue;
      const ssa = hookServerSideApply(ctx.deployer, hook.events.filter((e) => hookEventRuns(ctx.deployer, e)));
      if (ssa === 'never') continue;
      const prefix = typeof (gen.value as { value?: unknown })?.value === 'string' ? String((gen.value as { value: string }).value) : '';
      const what = `hook ${r.kind} ${prefix ? `"${prefix}…"` : '(generateName)'}`;
      const who = deployerName(ctx.deployer);
      // A name per revision keeps runs apart as generateName did, and can be PATCHed.
      const named = (): PlannedFix[] => {
        const edit = prefix ? replaceLiteral(ctx, r, gen.pair, `name: ${prefix}{{ .Release.Revision }}`) : undefined;
        return edit ? [{ title: 'Name it per revision (.Release.Revision)', isPreferred: true, edits: [edit] }] : [];
      };
      report({
        level: ssa === 'depends' ? -1 : 0,
        message: ssa === 'always' ? `${who} cannot apply ${what}: generateName under server-side apply` : `${what} fails if the release uses server-side apply`,
        detail:
          `${r.kind} has metadata.generateName and no name. ${who} applies hooks with server-side apply ` +
          (ssa === 'always'
            ? `on ${hook.events.join(',')} (a new Helm 4 install always does)`
            : `when the release was last deployed with it (upgrade --server-side=auto keeps the last method; Helm 4 installs use it)`) +
          `: it PATCHes the object by name, so the request fails ("resource name may not be empty") and the ${hook.events.join(',')} ` +
          `hook, with the whole operation, fails. Helm 3 and client-side apply create it with POST, where the server picks the name.`,
        location: ctx.locate(r.template, gen.pair),
        resource: { kind: r.kind, name: prefix, namespace: r.namespace },
        related: r.annotations.get(HOOK_ANNOTATION) ? [{ ...ctx.locate(r.template, r.annotations.get(HOOK_ANNOTATION)!.pair), message: `the ${hook.events.join(',')} hook annotation` }] : [],
        fix: [
          ...named(),
          {
            title: 'Run the operation with client-side apply',
            edits: [],
            text: { label: 'Helm 4 flags that create hooks with POST, as Helm 3 did', text: 'helm install --server-side=false ...\nhelm upgrade --server-side=false ...' },
          },
        ],
      });
    }
  },
};
