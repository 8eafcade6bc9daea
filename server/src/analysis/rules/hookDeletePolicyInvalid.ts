// H8: Helm splits, trims and lowercases delete policies and never validates them (manifest_sorter.go); the default
// before-hook-creation applies only when the list is empty (hooks.go execHook). Hooks are plain creates, so an
// object left by the previous run makes the next one fail with AlreadyExists.
import { HOOK_DELETE_POLICIES, HOOK_DELETE_POLICY_ANNOTATION } from '../../chart/hooks';
import { replaceAnnotationValue } from '../fixes/annotations';
import type { PlannedFix } from '../fixes/edits';
import { hookOf } from '../model';
import { didYouMean } from './support';
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'hook-delete-policy-invalid',
    hazard: 'H8',
    defaultSeverity: 'error',
    description: 'A delete policy Helm does not know (or empty), or a list without before-hook-creation: the next run fails with AlreadyExists.',
    needsBaseline: false,
    levels: 'unknown or empty policy as set; one step milder without `before-hook-creation`, two with `hook-succeeded`',
  },
  check(ctx, report) {
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      const a = r.annotations.get(HOOK_DELETE_POLICY_ANNOTATION);
      if (!hook || !a || a.value === undefined) continue;
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
        const first = unknown[0];
        const guess = first ? didYouMean(first, HOOK_DELETE_POLICIES) : undefined;
        report({
          message:
            first === ''
              ? `Empty delete policy on ${what}: Helm ignores it`
              : `Unknown delete policy "${first}" on ${what}` + (guess ? ` (did you mean "${guess}"?)` : ''),
          detail:
            `${what} has a delete policy Helm does not know: ${names}. Helm ignores it without a word, and because the list is ` +
            `not empty its default (before-hook-creation) no longer applies.${hints.length ? ' ' + hints.join(' ') : ''} ` +
            `Valid policies: ${HOOK_DELETE_POLICIES.join(', ')}.`,
          location,
          resource,
          related: [],
          fix: fixTo(value, `Change the delete policy to ${value}`),
        });
        continue;
      }
      if (hook.deletePolicies.includes('before-hook-creation')) continue;
      const value = ['before-hook-creation', ...known].join(',');
      const onlyOnFailure = known.includes('hook-succeeded');
      report({
        // Milder than an unknown policy: the object is left behind, nothing is ignored.
        level: onlyOnFailure ? -2 : -1,
        message: onlyOnFailure
          ? `After a failed run, hook ${what} fails with AlreadyExists`
          : `The next run of hook ${what} fails with AlreadyExists`,
        detail: onlyOnFailure
          ? `${what}'s delete policy (${known.join(',')}) lacks before-hook-creation: after a failed run the object stays, and ` +
            `the next run of the hook fails with AlreadyExists (hooks are created, not applied).`
          : `${what}'s delete policy (${known.join(',')}) lacks before-hook-creation, so the object stays after the hook runs ` +
            `and the next run fails with AlreadyExists (hooks are created, not applied).`,
        location,
        resource,
        related: [],
        fix: fixTo(value, `Add before-hook-creation to the delete policy`),
      });
    }
  },
};
