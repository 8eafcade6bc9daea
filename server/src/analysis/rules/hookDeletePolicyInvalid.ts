// H8: Helm splits, trims and lowercases delete policies and never validates them (manifest_sorter.go); the default
// before-hook-creation applies only when the list is empty (hooks.go execHook). Helm 3 (and Helm 4 under client-side
// apply) creates hooks, so an object left by the previous run makes the next one fail with AlreadyExists. Helm 4 under
// server-side apply PATCHes it instead (kube/client.go patchResourceServerSide): other kinds are updated in place, a
// completed Job that is unchanged counts as ready without running again, a changed one fails ("field is immutable").
import { HOOK_DELETE_POLICIES, HOOK_DELETE_POLICY_ANNOTATION } from '../../chart/hooks';
import { replaceAnnotationValue } from '../fixes/annotations';
import type { PlannedFix } from '../fixes/edits';
import { deployerName, hookOf, hookServerSideApply, type Deployer, type Resource } from '../model';
import { clip, didYouMean, hookRuns } from './support';
import type { Rule } from '../contract';

/** What the next run of a hook that survived its last run does, under the profile. */
function survivorOutcome(d: Deployer, r: Resource, events: string[]): { message: string; detail: string } | undefined {
  const ssa = hookServerSideApply(d, events);
  const runs = r.kind === 'Job' || r.kind === 'Pod';
  const create = 'Helm creates hooks (client-side apply), so the next run fails with AlreadyExists';
  const patch = runs
    ? `under server-side apply Helm patches the surviving ${r.kind}: unchanged and complete, it counts as ready and does not run again; changed, the patch fails with "field is immutable"`
    : `under server-side apply Helm patches it in place`;
  if (ssa === 'never') return { message: 'fails with AlreadyExists', detail: `${create}.` };
  if (ssa === 'always') return runs ? { message: `is skipped or fails (${deployerName(d)}, server-side apply)`, detail: `With ${deployerName(d)} ${patch}.` } : undefined;
  return {
    message: runs ? 'fails or is skipped (as the release was last applied)' : 'fails with AlreadyExists under client-side apply',
    detail: `It depends on how the release was last deployed (${deployerName(d)} keeps that method on upgrade): for a release installed by Helm 3 or with --server-side=false, ${create.charAt(0).toLowerCase() + create.slice(1)}; ${patch}.`,
  };
}

export const rule: Rule = {
  meta: {
    id: 'hook-delete-policy-invalid',
    hazard: 'H8',
    defaultSeverity: 'error',
    description: 'An unknown or empty delete policy, or a list without before-hook-creation: the next run fails, or under SSA a Job is skipped.',
    needsBaseline: false,
    levels: 'unknown or empty policy as set; one step milder without `before-hook-creation`, two with `hook-succeeded`; silent for kinds other than Job and Pod under server-side apply',
  },
  check(ctx, report) {
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      const a = r.annotations.get(HOOK_DELETE_POLICY_ANNOTATION);
      if (!hook || !a || a.value === undefined || !hookRuns(ctx.deployer, hook)) continue;
      const what = `${r.kind} ${r.name}`;
      const known = hook.deletePolicies.filter((p) => (HOOK_DELETE_POLICIES as readonly string[]).includes(p));
      const unknown = hook.deletePolicies.filter((p) => !known.includes(p));
      const corrected = [...new Set(hook.deletePolicies.map((p) => (known.includes(p) ? p : didYouMean(p, HOOK_DELETE_POLICIES))).filter((p): p is string => !!p))];
      const location = ctx.locate(r.template, a.pair);
      const resource = { kind: r.kind, name: r.name, namespace: r.namespace };
      const fixTo = (value: string, title: string, preferred = true): PlannedFix[] => {
        const edit = replaceAnnotationValue(ctx, r, HOOK_DELETE_POLICY_ANNOTATION, value);
        return edit ? [{ title, isPreferred: preferred, edits: [edit] }] : [];
      };
      if (unknown.length > 0) {
        const names = unknown.map((p) => (p === '' ? 'an empty value' : `"${p}"`)).join(', ');
        const hints = unknown
          .map((p) => [p, didYouMean(p, HOOK_DELETE_POLICIES)] as const)
          .filter(([p, s]) => p !== '' && s)
          .map(([p, s]) => `"${p}": did you mean "${s}"?`);
        // Corrected, and with before-hook-creation so that the next run cannot fail with AlreadyExists either.
        const value = [...new Set(['before-hook-creation', ...corrected])].join(',');
        const outcome = survivorOutcome(ctx.deployer, r, hook.events);
        const first = unknown[0];
        const guess = first ? didYouMean(first, HOOK_DELETE_POLICIES) : undefined;
        report({
          message:
            first === ''
              ? `Empty delete policy on ${what}: Helm ignores it`
              : `Unknown delete policy "${first}" on ${what}` + (guess ? ` (did you mean "${guess}"?)` : ''),
          detail:
            `${what} has a delete policy Helm does not know: ${names}. Helm ignores it without a word, and because the list is ` +
            `not empty its default (before-hook-creation) no longer applies: the object stays after the hook runs.` +
            (outcome ? ` ${outcome.detail}` : '') +
            `${hints.length ? ' ' + hints.join(' ') : ''} ` +
            `Valid policies: ${HOOK_DELETE_POLICIES.join(', ')}.`,
          location,
          resource,
          related: [],
          fix: fixTo(value, `Set delete policy to ${clip(value, 36)}`),
        });
        continue;
      }
      if (hook.deletePolicies.includes('before-hook-creation')) continue;
      const outcome = survivorOutcome(ctx.deployer, r, hook.events);
      // Server-side apply updates a surviving object that is not a Job or Pod in place: nothing fails.
      if (!outcome) continue;
      const value = ['before-hook-creation', ...known].join(',');
      const onlyOnFailure = known.includes('hook-succeeded');
      report({
        // Milder than an unknown policy: the object is left behind, nothing is ignored.
        level: onlyOnFailure ? -2 : -1,
        message: onlyOnFailure ? `After a failed run, the next run of hook ${what} ${outcome.message}` : `The next run of hook ${what} ${outcome.message}`,
        detail: onlyOnFailure
          ? `${what}'s delete policy (${known.join(',')}) lacks before-hook-creation: after a failed run the object stays. ${outcome.detail}`
          : `${what}'s delete policy (${known.join(',')}) lacks before-hook-creation, so the object stays after the hook runs. ${outcome.detail}`,
        location,
        resource,
        related: [],
        fix: fixTo(value, `Add before-hook-creation to the delete policy`),
      });
    }
  },
};
