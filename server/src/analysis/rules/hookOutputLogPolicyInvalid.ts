// H19: helm.sh/hook-output-log-policy (Helm 4; pkg/release/v1/util/manifest_sorter.go) is split, trimmed and
// lowercased, never validated; Helm prints a hook's pod logs only for the values hook-succeeded and hook-failed
// (pkg/release/v1/hook.go), and only for Jobs and Pods (pkg/action/hooks.go outputLogsByPolicy).
import { HOOK_OUTPUT_LOG_POLICY_ANNOTATION, HOOK_OUTPUT_LOG_POLICIES as POLICIES, splitPolicyList } from '../../chart/hooks';
import { replaceAnnotationValue } from '../fixes/annotations';
import type { PlannedFix } from '../fixes/edits';
import { hookOf, isHelm4 } from '../model';
import { didYouMean, clip } from './support';
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'hook-output-log-policy-invalid',
    hazard: 'H19',
    defaultSeverity: 'warning',
    description: 'An unknown or empty helm.sh/hook-output-log-policy value, or one on a kind Helm prints no logs for: silently no logs.',
    needsBaseline: false,
    levels: 'one step milder on a kind other than Job or Pod',
  },
  check(ctx, report) {
    // Helm 3.17 does not read the annotation; Argo CD does not either.
    if (!isHelm4(ctx.deployer)) return;
    for (const r of ctx.current.kept) {
      const a = r.annotations.get(HOOK_OUTPUT_LOG_POLICY_ANNOTATION);
      if (!hookOf(r) || !a || a.value === undefined) continue;
      const values = splitPolicyList(a.value);
      const unknown = values.filter((v) => !(POLICIES as readonly string[]).includes(v));
      const what = `${r.kind} ${r.name}`;
      const resource = { kind: r.kind, name: r.name, namespace: r.namespace };
      const location = ctx.locate(r.template, a.pair);
      if (unknown.length > 0) {
        const corrected = [...new Set(values.map((v) => ((POLICIES as readonly string[]).includes(v) ? v : didYouMean(v, POLICIES))).filter((v): v is string => !!v))];
        const first = unknown[0];
        const guess = first ? didYouMean(first, POLICIES) : undefined;
        const fix: PlannedFix[] = [];
        const edit = corrected.length ? replaceAnnotationValue(ctx, r, HOOK_OUTPUT_LOG_POLICY_ANNOTATION, corrected.join(',')) : undefined;
        if (edit) fix.push({ title: `Set the log policy to ${clip(corrected.join(','), 36)}`, isPreferred: true, edits: [edit] });
        report({
          message: first === '' ? `Empty output log policy on ${what}: Helm ignores it` : `Unknown output log policy "${first}" on ${what}` + (guess ? ` (did you mean "${guess}"?)` : ''),
          detail:
            `Helm reads helm.sh/hook-output-log-policy as a comma-separated list and prints the hook's pod logs only for ` +
            `${POLICIES.join(' and ')}; it ignores ${unknown.map((v) => (v === '' ? 'an empty value' : `"${v}"`)).join(', ')} without a word, so ` +
            `no logs are printed when the hook ${values.some((v) => v.includes('fail')) ? 'fails' : 'runs'}.`,
          location,
          resource,
          related: [],
          fix,
        });
        continue;
      }
      if (r.kind !== 'Job' && r.kind !== 'Pod') {
        report({
          level: -1,
          message: `Helm prints no logs for hook ${what}: only Jobs and Pods have them`,
          detail: `Helm's output log policy applies to Job and Pod hooks only (it lists the pods by job-name or by name); on a ${r.kind} it does nothing.`,
          location,
          resource,
          related: [],
        });
      }
    }
  },
};
