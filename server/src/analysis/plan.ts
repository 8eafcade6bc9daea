// What helm install, upgrade (from the base ref to the working tree) and uninstall will do, step by step, in Helm's
// order (pkg/action/{install,upgrade,uninstall,hooks}.go), with the findings that concern each object.
import { lessByKind, RESOURCE_POLICY_ANNOTATION, stableSortBy, type HookEvent } from '../chart/hooks';
import type { AnalysisResult } from './analyze';
import { SEVERITIES } from './findings';
import type { Plan, PlanObject, PlanOperation as Operation, PlanStep } from '../../../protocol/src/plan';
import { deployerLabel, disabledHookSettings, hookEventRuns, hookOf, hookServerSideApply, hooksRun, summaryOf, waitsForHookDeletion, type Deployer, type RenderView, type Resource } from './model';
import type { DeployerInfo } from '../../../protocol/src/plan';

/** Objects in the profile's Helm order: InstallOrder to create, UninstallOrder to delete. */
function byKind(objects: Resource[], helmMajor: 3 | 4, order: 'install' | 'uninstall' = 'install'): Resource[] {
  return stableSortBy(objects, (a, b) => lessByKind(a.kind, b.kind, order, helmMajor));
}

export function deployerInfo(d: Deployer): DeployerInfo {
  return { profile: d.profile, applyMode: d.applyMode, auto: d.auto, label: deployerLabel(d) };
}

export function buildPlan(result: AnalysisResult, chart: string, baseRef?: string): Plan {
  // Per object: rule id -> its worst severity.
  const hazards = new Map<string, Map<string, 'error' | 'warning' | 'info'>>();
  for (const f of result.findings) {
    if (!f.resource || f.severity === 'hint') continue;
    const key = `${f.resource.kind}/${f.resource.namespace}/${f.resource.name}`;
    const rules = hazards.get(key) ?? new Map();
    const was = rules.get(f.rule);
    if (!was || SEVERITIES.indexOf(f.severity) > SEVERITIES.indexOf(was)) rules.set(f.rule, f.severity);
    hazards.set(key, rules);
  }
  const object = (r: Resource, located = true): PlanObject => {
    const rules = hazards.get(`${r.kind}/${r.namespace}/${r.name}`);
    const ids = [...(rules?.keys() ?? [])].sort();
    return {
      kind: r.kind,
      name: r.name,
      namespace: r.namespace,
      location: located ? result.locate(r.template, r.nameRange ?? { start: r.doc.start, end: r.doc.start }) : undefined,
      hazards: ids,
      ...(rules ? { hazardSeverities: Object.fromEntries(ids.map((id) => [id, rules.get(id)!])) } : {}),
    };
  };
  // Who still references an object a step deletes, by identity: the working tree's referrers, regular or post-upgrade.
  const deleted = (o: PlanObject, r: Resource): PlanObject => {
    const refs = result.current.references.filter((x) => x.identity === r.identity);
    const byReferrer = new Map<Resource, typeof refs>();
    for (const x of refs) byReferrer.set(x.referrer, [...(byReferrer.get(x.referrer) ?? []), x]);
    const usedBy = [...byReferrer].map(([w, xs]) => `${w.kind} ${w.name}: ${summaryOf(xs)}`);
    return usedBy.length > 0 ? { ...o, usedBy } : o;
  };
  const hookStep = (view: RenderView, event: HookEvent, located = true): PlanStep => {
    // A HelmRelease's disableHooks: Helm applies none of them.
    const runs = hookEventRuns(result.deployer, event);
    const hooks = runs ? view.order(event) : [];
    return {
      type: 'hooks',
      title: runs ? `${event} hooks` : `${event} hooks: none run (${disabledHookSettings(result.deployer, [event]).join(', ')})`,
      event,
      hooks: hooks.map((h) => {
        const info = hookOf(h)!;
        const ssa = hookServerSideApply(result.deployer, [event]);
        return {
          ...object(h, located),
          weight: info.weight,
          deletePolicies: info.effectiveDeletePolicies,
          waits: h.kind === 'Job' || h.kind === 'Pod',
          method: ssa === 'always' ? ('apply' as const) : ssa === 'depends' ? ('create or apply' as const) : ('create' as const),
          waitsForDelete: waitsForHookDeletion(result.deployer) || result.deployer.profile === 'argocd',
        };
      }),
      // hook-succeeded deletions run in reverse order once every hook of the event has succeeded.
      deletedAfter: hooks.filter((h) => hookOf(h)!.effectiveDeletePolicies.includes('hook-succeeded')).reverse().map((h) => deleted(object(h, located), h)),
    };
  };

  const current = result.current;
  const major = result.deployer.helmMajor;
  const regular = byKind(current.kept.filter((r) => r.lifecycle.kind === 'regular'), major);
  const operations: Operation[] = [];

  if (result.baseline) {
    const before = result.baseline.kept;
    const wasRegular = new Map(before.filter((r) => r.lifecycle.kind === 'regular').map((r) => [r.identity, r]));
    const isRegularNow = new Set(regular.map((r) => r.identity));
    const wasHook = new Map(before.filter((r) => hookOf(r)).map((r) => [r.identity, r]));
    const creates = regular.filter((r) => !wasRegular.has(r.identity));
    const conflicts = creates.filter((r) => {
      const h = wasHook.get(r.identity);
      return h && !hookOf(h)!.effectiveDeletePolicies.includes('hook-succeeded');
    });
    // The delete step reads resource-policy from the live object, which a pre-upgrade hook may just have recreated.
    const keptLive = (r: Resource) => {
      const now = hooksRun(result.deployer, 'upgrade') ? current.kept.find((x) => x.identity === r.identity && hookOf(x)?.events.includes('pre-upgrade')) : undefined;
      return (now ?? r).annotations.get(RESOURCE_POLICY_ANNOTATION)?.value === 'keep';
    };
    const removed = byKind([...wasRegular.values()].filter((r) => !isRegularNow.has(r.identity)), major, 'uninstall');
    const locatedNow = (r: Resource): PlanObject => {
      const now = current.kept.find((x) => x.identity === r.identity);
      return now ? object(now) : object(r, false);
    };
    operations.push({
      name: 'upgrade',
      title: `helm upgrade: ${baseRef ?? 'base'} → working tree`,
      steps: [
        { type: 'ownership', title: 'Ownership check of objects new to the release manifest (before any hook)', objects: creates.map((r) => object(r)), conflicts: conflicts.map((r) => object(r)) },
        hookStep(current, 'pre-upgrade'),
        { type: 'apply', title: 'Apply the release manifest', creates: creates.map((r) => object(r)), updates: regular.filter((r) => wasRegular.has(r.identity)).map((r) => object(r)) },
        { type: 'delete', title: 'Delete objects that left the release manifest', deletes: removed.filter((r) => !keptLive(r)).map((r) => deleted(locatedNow(r), r)), kept: removed.filter(keptLive).map(locatedNow) },
        hookStep(current, 'post-upgrade'),
      ],
    });
  }

  operations.push({
    name: 'install',
    title: 'helm install',
    steps: [
      hookStep(current, 'pre-install'),
      { type: 'apply', title: 'Create the release manifest', creates: regular.map((r) => object(r)), updates: [] },
      hookStep(current, 'post-install'),
    ],
  });

  const keep = (r: Resource) => r.annotations.get(RESOURCE_POLICY_ANNOTATION)?.value?.trim().toLowerCase() === 'keep';
  const left = current.kept.filter((r) => hookOf(r) && !hookOf(r)!.effectiveDeletePolicies.includes('hook-succeeded') && r.kind !== 'Job' && r.kind !== 'Pod');
  operations.push({
    name: 'uninstall',
    title: 'helm uninstall',
    steps: [
      hookStep(current, 'pre-delete'),
      { type: 'delete', title: 'Delete the release manifest', deletes: byKind(regular.filter((r) => !keep(r)), major, 'uninstall').map((r) => object(r)), kept: regular.filter(keep).map((r) => object(r)) },
      hookStep(current, 'post-delete'),
      { type: 'note', title: 'Left in the cluster: hooks are never deleted by uninstall, only by their delete policy', objects: left.map((r) => object(r)) },
    ],
  });
  return { chart, baseRef, deployer: deployerInfo(result.deployer), operations };
}

const label = (o: PlanObject) =>
  `${o.kind} ${o.name}${o.hazards.length ? `   ⚠ ${o.hazards.join(', ')}` : ''}${o.usedBy ? `   (used by ${o.usedBy.join('; ')})` : ''}`;

/** The plan as text, for the CLI. */
export function planText(plan: Plan): string {
  const out: string[] = [];
  for (const op of plan.operations) {
    out.push(`${op.title} (chart ${plan.chart}, profile ${plan.deployer.label})`, '');
    op.steps.forEach((step, i) => {
      out.push(`${i + 1}. ${step.title}`);
      const none = () => out.push('   (none)');
      switch (step.type) {
        case 'ownership':
          if (step.objects.length === 0) none();
          for (const o of step.objects) out.push(`   check ${label(o)}${step.conflicts.includes(o) ? '   ✗ the live hook object has no ownership metadata: the upgrade fails here' : ''}`);
          break;
        case 'hooks':
          if (step.hooks.length === 0) none();
          step.hooks.forEach((h, j) => {
            const actions = [
              h.deletePolicies.includes('before-hook-creation') ? `delete the existing object${h.waitsForDelete ? '' : ' (no wait for it to go)'}` : undefined,
              h.method === 'apply' ? 'apply (server-side)' : h.method === 'create or apply' ? 'create or apply (as the release was last deployed)' : 'create',
              h.waits ? 'wait until it completes' : undefined,
            ].filter(Boolean);
            out.push(`   ${j + 1}. ${label(h)}`, `      weight ${h.weight}, delete policy ${h.deletePolicies.join(',')}: ${actions.join(', ')}`);
          });
          for (const o of step.deletedAfter) out.push(`   then delete ${o.kind} ${o.name} (hook-succeeded)${o.usedBy ? `   (used by ${o.usedBy.join('; ')})` : ''}`);
          break;
        case 'apply':
          if (step.creates.length + step.updates.length === 0) none();
          for (const o of step.creates) out.push(`   create ${label(o)}`);
          for (const o of step.updates) out.push(`   update ${label(o)}`);
          break;
        case 'delete':
          if (step.deletes.length + step.kept.length === 0) none();
          for (const o of step.deletes) out.push(`   delete ${label(o)}`);
          for (const o of step.kept) out.push(`   keep ${label(o)} (helm.sh/resource-policy: keep)`);
          break;
        case 'note':
          if (step.objects.length === 0) none();
          for (const o of step.objects) out.push(`   ${label(o)}`);
          break;
      }
    });
    out.push('');
  }
  return out.join('\n');
}
