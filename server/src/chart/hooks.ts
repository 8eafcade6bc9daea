// Helm's reading of hook annotations (pkg/releaseutil/manifest_sorter.go, pkg/action/hooks.go at v3.17.3).

export const HOOK_ANNOTATION = 'helm.sh/hook';
export const HOOK_WEIGHT_ANNOTATION = 'helm.sh/hook-weight';
export const HOOK_DELETE_POLICY_ANNOTATION = 'helm.sh/hook-delete-policy';
export const RESOURCE_POLICY_ANNOTATION = 'helm.sh/resource-policy';
/** Helm 4 (and 3.18+): print a Job's or Pod's logs when the hook succeeds or fails (pkg/release/v1/hook.go). */
export const HOOK_OUTPUT_LOG_POLICY_ANNOTATION = 'helm.sh/hook-output-log-policy';
export const HOOK_OUTPUT_LOG_POLICIES = ['hook-succeeded', 'hook-failed'] as const;

export const HOOK_EVENTS = [
  'pre-install',
  'post-install',
  'pre-delete',
  'post-delete',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'test',
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

export const HOOK_DELETE_POLICIES = ['before-hook-creation', 'hook-succeeded', 'hook-failed'] as const;

export interface HookInfo {
  events: HookEvent[];
  /** strconv.Atoi of the weight annotation; 0 when absent or not a plain integer. */
  weight: number;
  /** As Helm stores them: split, trimmed, lowercased, unvalidated. Empty when the annotation is absent. */
  deletePolicies: string[];
  /** The policies Helm applies: before-hook-creation when none are given. */
  effectiveDeletePolicies: string[];
}

export type HookParse =
  | { kind: 'regular' }
  | { kind: 'hook'; hook: HookInfo }
  /** Any unknown event drops the whole document: neither hook nor manifest. */
  | { kind: 'dropped'; unknownEvents: string[] };

function parseEvent(raw: string): HookEvent | undefined {
  const e = raw.trim().toLowerCase();
  if (e === 'test-success') return 'test';
  return (HOOK_EVENTS as readonly string[]).includes(e) ? (e as HookEvent) : undefined;
}

/** Go's strconv.Atoi: optional sign and ASCII digits, no spaces, within int64. */
export function goAtoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function splitPolicyList(value: string): string[] {
  return value.split(',').map((p) => p.trim().toLowerCase());
}

/** Classifies a manifest by its string annotations, exactly as SortManifests does. */
export function parseHook(annotations: ReadonlyMap<string, string> | undefined): HookParse {
  if (!annotations || annotations.size === 0) return { kind: 'regular' };
  const raw = annotations.get(HOOK_ANNOTATION);
  if (raw === undefined) return { kind: 'regular' };
  const events: HookEvent[] = [];
  const unknownEvents: string[] = [];
  for (const part of raw.split(',')) {
    const e = parseEvent(part);
    if (e) events.push(e);
    else unknownEvents.push(part.trim());
  }
  if (unknownEvents.length > 0) return { kind: 'dropped', unknownEvents };
  const weightText = annotations.get(HOOK_WEIGHT_ANNOTATION);
  const weight = weightText === undefined ? 0 : (goAtoi(weightText) ?? 0);
  const policyText = annotations.get(HOOK_DELETE_POLICY_ANNOTATION);
  const deletePolicies = policyText === undefined ? [] : splitPolicyList(policyText);
  return {
    kind: 'hook',
    hook: {
      events,
      weight,
      deletePolicies,
      effectiveDeletePolicies: deletePolicies.length === 0 ? ['before-hook-creation'] : deletePolicies,
    },
  };
}

/** releaseutil.InstallOrder */
export const INSTALL_ORDER = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];
/** releaseutil.UninstallOrder: the order uninstall deletes the release manifest in. */
export const UNINSTALL_ORDER = [
  'APIService', 'Ingress', 'IngressClass', 'Service', 'CronJob', 'Job', 'StatefulSet', 'HorizontalPodAutoscaler',
  'Deployment', 'ReplicaSet', 'ReplicationController', 'Pod', 'DaemonSet', 'RoleBindingList', 'RoleBinding', 'RoleList',
  'Role', 'ClusterRoleBindingList', 'ClusterRoleBinding', 'ClusterRoleList', 'ClusterRole', 'CustomResourceDefinition',
  'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'ConfigMap', 'SecretList', 'Secret', 'ServiceAccount',
  'PodDisruptionBudget', 'PodSecurityPolicy', 'LimitRange', 'ResourceQuota', 'NetworkPolicy', 'Namespace', 'PriorityClass',
];
/** Helm 4 (pkg/release/v1/util/kind_sorter.go at v4.1.4): webhook configurations install last and uninstall first,
 *  so they cannot block the objects of their own release. */
const WEBHOOKS = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
export const INSTALL_ORDER_V4 = [...INSTALL_ORDER, ...WEBHOOKS];
export const UNINSTALL_ORDER_V4 = [...[...WEBHOOKS].reverse(), ...UNINSTALL_ORDER];

const rank = (order: readonly string[]) => new Map(order.map((k, i) => [k, i]));
const RANKS = {
  3: { install: rank(INSTALL_ORDER), uninstall: rank(UNINSTALL_ORDER) },
  4: { install: rank(INSTALL_ORDER_V4), uninstall: rank(UNINSTALL_ORDER_V4) },
};

/** kind_sorter.go lessByKind: known kinds by rank, unknown kinds last and alphabetically among themselves. */
export function lessByKind(a: string, b: string, order: 'install' | 'uninstall' = 'install', helmMajor: 3 | 4 = 3): boolean {
  const rank = RANKS[helmMajor][order];
  const ra = rank.get(a);
  const rb = rank.get(b);
  if (ra === undefined && rb === undefined) return a !== b && a < b;
  if (ra === undefined) return false;
  if (rb === undefined) return true;
  return ra < rb;
}

/** A stable sort by a Go-style less function (sort.SliceStable). */
export function stableSortBy<T>(items: readonly T[], less: (a: T, b: T) => boolean): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((x, y) => (less(x.item, y.item) ? -1 : less(y.item, x.item) ? 1 : x.index - y.index))
    .map((x) => x.item);
}

/** hooks.go hookByWeight: weight, then metadata.name; ties keep their order, which is by kind (sortHooksByKind). */
export function hookExecutionLess(a: { weight: number; name: string }, b: { weight: number; name: string }): boolean {
  if (a.weight !== b.weight) return a.weight < b.weight;
  return a.name < b.name;
}
