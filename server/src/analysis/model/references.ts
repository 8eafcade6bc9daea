// The reference graph: every object a chart's objects name, where, and what breaks for the referrer when it is gone.
// References are data: one table of field paths per kind (REFERENCE_PATHS), the fields of a pod spec (POD_SPEC_PATHS)
// and where each kind keeps its pod specs (POD_TEMPLATES), plus a detector for pod specs in kinds nobody listed.
import { isMap, isSeq } from 'yaml';
import { child, asSeq, isTrue, nodeRange, scalar, scalarContentRange, stringValue } from './yamlNodes';
import { groupOf, identityOf, isClusterScoped, type OutRange, type Resource } from './resources';

/** What happens to the referrer when the target is missing. */
export type Consequence =
  | 'pod-cannot-start'
  | 'pod-starts-without'
  | 'data-deleted'
  | 'tls-fallback'
  | 'traffic-fails'
  | 'api-calls-rejected'
  | 'rbac-denied'
  | 'scaling-stops'
  | 'provisioning-stops'
  | 'reconcile-fails';

/** Startup, traffic, security or data break: the configured severity. The rest degrade: one step milder. */
const CONSEQUENCE_LEVEL: Record<Consequence, number> = {
  'pod-cannot-start': 0,
  'data-deleted': 0,
  'tls-fallback': 0,
  'traffic-fails': 0,
  'api-calls-rejected': 0,
  'rbac-denied': 0,
  'pod-starts-without': -1,
  'scaling-stops': -1,
  'provisioning-stops': -1,
  'reconcile-fails': -1,
};

export interface Reference {
  /** The object that names the target. */
  referrer: Resource;
  /** Where in the referrer, e.g. `spec.template.spec.volumes[0].configMap.name`. */
  path: string;
  /** The target's API group ('' for the core group), kind, namespace ('' when cluster-scoped) and name. */
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** group/kind/namespace/name, as Resource.identity. */
  identity: string;
  /** For people: `volume "config"`, `envFrom of container "app"`, `TLS of hosts a.example.com`, `roleRef`. */
  via: string;
  /** The referrer works without the target (`optional: true`, a webhook with failurePolicy Ignore). */
  optional: boolean;
  /** What the referrer suffers when the target is gone (`pod-starts-without` when optional). */
  consequence: Consequence;
  /** The name value in the referrer's rendered output. */
  range: OutRange;
  /** Inside quotes, when quoted: where a suffix can go. */
  contentRange: OutRange;
}

type Target = { group: string; kind: string };

/** One reference field. `at` selects nodes from where the entry applies (`a.b[]` iterates a list; empty: that node
 *  itself); `name` is the field under each selected node that holds the name (empty: the selected node is the name). */
interface RefPath {
  at: string;
  name: string;
  target: Target | ((node: unknown) => Target | undefined);
  /** Field under the selected node with the target's namespace; the referrer's namespace otherwise. */
  namespace?: string;
  optional?: (node: unknown) => boolean;
  consequence: Consequence;
  /** Labels for people, from the `name` fields of the list items `at` iterated (outermost first) and the node. */
  via: (labels: string[], node: unknown) => string;
}

const core = (kind: string): Target => ({ group: '', kind });
const optionalField = (node: unknown) => isTrue(child(node, 'optional'));
const label = (node: unknown, key = 'name') => stringValue(child(node, key)) ?? '?';

/** A typed reference with `apiVersion` (or `apiGroup`) and `kind` fields, as scaleTargetRef or roleRef. */
const typed = (defaults: Partial<{ apiVersion: string; kind: string }> = {}) => (node: unknown): Target | undefined => {
  const kind = stringValue(child(node, 'kind')) ?? defaults.kind;
  if (!kind) return undefined;
  const apiGroup = stringValue(child(node, 'apiGroup'));
  const apiVersion = stringValue(child(node, 'apiVersion')) ?? defaults.apiVersion ?? '';
  return { group: apiGroup ?? groupOf(apiVersion), kind };
};

/** Gateway API's BackendObjectReference / SecretObjectReference: `group` (default core) and `kind` with a default. */
const gatewayRef = (kind: string) => (node: unknown): Target => ({
  group: stringValue(child(node, 'group')) ?? '',
  kind: stringValue(child(node, 'kind')) ?? kind,
});

// Fields of a core PodSpec (k8s.io/api/core/v1 PodSpec), relative to the pod spec.
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const envPaths = (containers: string, what: (l: string[]) => string): RefPath[] => [
  { at: `${containers}.envFrom[]`, name: 'configMapRef.name', target: core('ConfigMap'), optional: (n) => optionalField(child(n, 'configMapRef')), consequence: 'pod-cannot-start', via: (l) => `envFrom of ${what(l)}` },
  { at: `${containers}.envFrom[]`, name: 'secretRef.name', target: core('Secret'), optional: (n) => optionalField(child(n, 'secretRef')), consequence: 'pod-cannot-start', via: (l) => `envFrom of ${what(l)}` },
  { at: `${containers}.env[]`, name: 'valueFrom.configMapKeyRef.name', target: core('ConfigMap'), optional: (n) => optionalField(child(n, 'valueFrom', 'configMapKeyRef')), consequence: 'pod-cannot-start', via: (l) => `env ${l[l.length - 1]} of ${what(l)}` },
  { at: `${containers}.env[]`, name: 'valueFrom.secretKeyRef.name', target: core('Secret'), optional: (n) => optionalField(child(n, 'valueFrom', 'secretKeyRef')), consequence: 'pod-cannot-start', via: (l) => `env ${l[l.length - 1]} of ${what(l)}` },
];

const volumePaths = (volumes: string): RefPath[] => {
  const vol = (l: string[]) => `volume "${l[l.length - 1]}"`;
  const secretVolume = (field: string): RefPath => ({ at: `${volumes}[]`, name: field, target: core('Secret'), consequence: 'pod-cannot-start', via: vol });
  return [
    { at: `${volumes}[]`, name: 'configMap.name', target: core('ConfigMap'), optional: (n) => optionalField(child(n, 'configMap')), consequence: 'pod-cannot-start', via: vol },
    { at: `${volumes}[]`, name: 'secret.secretName', target: core('Secret'), optional: (n) => optionalField(child(n, 'secret')), consequence: 'pod-cannot-start', via: vol },
    { at: `${volumes}[]`, name: 'persistentVolumeClaim.claimName', target: core('PersistentVolumeClaim'), consequence: 'data-deleted', via: vol },
    { at: `${volumes}[]`, name: 'ephemeral.volumeClaimTemplate.spec.storageClassName', target: { group: 'storage.k8s.io', kind: 'StorageClass' }, consequence: 'pod-cannot-start', via: (l) => `ephemeral ${vol(l)}` },
    secretVolume('csi.nodePublishSecretRef.name'),
    secretVolume('azureFile.secretName'),
    secretVolume('cephfs.secretRef.name'),
    secretVolume('rbd.secretRef.name'),
    secretVolume('iscsi.secretRef.name'),
    secretVolume('flexVolume.secretRef.name'),
    { at: `${volumes}[].projected.sources[]`, name: 'configMap.name', target: core('ConfigMap'), optional: (n) => optionalField(child(n, 'configMap')), consequence: 'pod-cannot-start', via: (l) => `projected volume "${l[0]}"` },
    { at: `${volumes}[].projected.sources[]`, name: 'secret.name', target: core('Secret'), optional: (n) => optionalField(child(n, 'secret')), consequence: 'pod-cannot-start', via: (l) => `projected volume "${l[0]}"` },
  ];
};

export const POD_SPEC_PATHS: readonly RefPath[] = [
  ...volumePaths('volumes'),
  ...CONTAINER_LISTS.flatMap((list) => envPaths(`${list}[]`, (l) => `container "${l[0]}"`)),
  { at: 'imagePullSecrets[]', name: 'name', target: core('Secret'), consequence: 'pod-cannot-start', via: () => 'imagePullSecrets' },
  { at: '', name: 'serviceAccountName', target: core('ServiceAccount'), consequence: 'pod-cannot-start', via: () => 'serviceAccountName' },
  // The deprecated alias, read only when serviceAccountName is absent (it is then copied over).
  { at: '', name: 'serviceAccount', target: core('ServiceAccount'), consequence: 'pod-cannot-start', via: () => 'serviceAccount' },
  { at: '', name: 'priorityClassName', target: { group: 'scheduling.k8s.io', kind: 'PriorityClass' }, consequence: 'pod-cannot-start', via: () => 'priorityClassName' },
  { at: '', name: 'runtimeClassName', target: { group: 'node.k8s.io', kind: 'RuntimeClass' }, consequence: 'pod-cannot-start', via: () => 'runtimeClassName' },
];

// Argo Workflows: volumes, pull secrets and the service account live on the workflow spec; containers on its templates.
const WORKFLOW_SPEC_PATHS: readonly RefPath[] = [
  ...volumePaths('volumes'),
  ...volumePaths('templates[].volumes'),
  ...['container', 'script'].flatMap((c) => envPaths(`templates[].${c}`, (l) => `template "${l[0]}"`)),
  ...['initContainers[]', 'sidecars[]', 'containerSet.containers[]'].flatMap((c) => envPaths(`templates[].${c}`, (l) => `container "${l[1]}" of template "${l[0]}"`)),
  { at: 'imagePullSecrets[]', name: 'name', target: core('Secret'), consequence: 'pod-cannot-start', via: () => 'imagePullSecrets' },
  { at: '', name: 'serviceAccountName', target: core('ServiceAccount'), consequence: 'pod-cannot-start', via: () => 'serviceAccountName' },
  { at: 'templates[]', name: 'serviceAccountName', target: core('ServiceAccount'), consequence: 'pod-cannot-start', via: (l) => `serviceAccountName of template "${l[0]}"` },
  { at: '', name: 'podPriorityClassName', target: { group: 'scheduling.k8s.io', kind: 'PriorityClass' }, consequence: 'pod-cannot-start', via: () => 'podPriorityClassName' },
];

/** Where each kind keeps its pod specs, keyed `group/Kind` (or `Kind` for the core workload kinds in any group). */
export const POD_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template.spec'],
  Deployment: ['spec.template.spec'],
  StatefulSet: ['spec.template.spec'],
  DaemonSet: ['spec.template.spec'],
  ReplicaSet: ['spec.template.spec'],
  ReplicationController: ['spec.template.spec'],
  Job: ['spec.template.spec'],
  CronJob: ['spec.jobTemplate.spec.template.spec'],
  'argoproj.io/Rollout': ['spec.template.spec'],
  'keda.sh/ScaledJob': ['spec.jobTargetRef.template.spec'],
  'serving.knative.dev/Service': ['spec.template.spec'],
  'serving.knative.dev/Configuration': ['spec.template.spec'],
  'apps.kruise.io/CloneSet': ['spec.template.spec'],
  'apps.kruise.io/StatefulSet': ['spec.template.spec'],
  'apps.kruise.io/DaemonSet': ['spec.template.spec'],
  'apps.kruise.io/BroadcastJob': ['spec.template.spec'],
  'apps.kruise.io/AdvancedCronJob': ['spec.template.jobTemplate.spec.template.spec', 'spec.template.broadcastJobTemplate.spec.template.spec'],
};

/** Argo Workflows kinds and where their workflow spec is. */
export const WORKFLOW_SPECS: Readonly<Record<string, string>> = {
  'argoproj.io/Workflow': 'spec',
  'argoproj.io/WorkflowTemplate': 'spec',
  'argoproj.io/ClusterWorkflowTemplate': 'spec',
  'argoproj.io/CronWorkflow': 'spec.workflowSpec',
};

const webhookPaths = (kind: string): RefPath[] => [
  {
    at: 'webhooks[]',
    name: 'clientConfig.service.name',
    namespace: 'clientConfig.service.namespace',
    target: core('Service'),
    // failurePolicy Ignore (v1 defaults to Fail): API calls go through without the webhook.
    optional: (n) => stringValue(child(n, 'failurePolicy')) === 'Ignore',
    consequence: 'api-calls-rejected',
    via: (l) => `${kind === 'MutatingWebhookConfiguration' ? 'mutating' : 'validating'} webhook "${l[0]}"`,
  },
];

const routeRules: RefPath[] = [
  { at: 'spec.rules[].backendRefs[]', name: 'name', namespace: 'namespace', target: gatewayRef('Service'), consequence: 'traffic-fails', via: (l) => (l[0] === '?' ? 'backendRefs' : `backendRefs of rule "${l[0]}"`) },
  { at: 'spec.parentRefs[]', name: 'name', namespace: 'namespace', target: (n) => ({ group: stringValue(child(n, 'group')) ?? 'gateway.networking.k8s.io', kind: stringValue(child(n, 'kind')) ?? 'Gateway' }), consequence: 'traffic-fails', via: () => 'parentRefs' },
];

const prometheusPaths = (kind: string): RefPath[] => [
  { at: 'spec.secrets[]', name: '', target: core('Secret'), consequence: 'pod-cannot-start', via: () => `secrets of the ${kind} pods` },
  { at: 'spec.configMaps[]', name: '', target: core('ConfigMap'), consequence: 'pod-cannot-start', via: () => `configMaps of the ${kind} pods` },
  { at: '', name: 'spec.serviceAccountName', target: core('ServiceAccount'), consequence: 'pod-cannot-start', via: () => 'serviceAccountName' },
];

const scaleTarget = (at: string, defaults: Partial<{ apiVersion: string; kind: string }> = {}): RefPath => ({
  at: '',
  name: `${at}.name`,
  target: (n) => typed(defaults)(child(n, ...at.split('.'))),
  consequence: 'scaling-stops',
  via: () => at.split('.').pop()!,
});

const ingressBackends = (at: string, prefix: string, via: (node: unknown) => string): RefPath[] => [
  { at, name: `${prefix}service.name`, target: core('Service'), consequence: 'traffic-fails', via: (_l, n) => via(n) },
  { at, name: `${prefix}serviceName`, target: core('Service'), consequence: 'traffic-fails', via: (_l, n) => via(n) },
  { at, name: `${prefix}resource.name`, target: (n) => typed()(child(n, ...`${prefix}resource`.split('.'))), consequence: 'traffic-fails', via: (_l, n) => via(n) },
];

/** Reference fields outside pod specs, keyed `group/Kind` (or `Kind` for kinds that moved between groups). */
export const REFERENCE_PATHS: Readonly<Record<string, readonly RefPath[]>> = {
  StatefulSet: [
    { at: '', name: 'spec.serviceName', target: core('Service'), consequence: 'traffic-fails', via: () => 'serviceName' },
    { at: 'spec.volumeClaimTemplates[]', name: 'spec.storageClassName', target: { group: 'storage.k8s.io', kind: 'StorageClass' }, consequence: 'provisioning-stops', via: (_l, n) => `volumeClaimTemplate "${label(child(n, 'metadata'))}"` },
  ],
  'apps.kruise.io/StatefulSet': [{ at: '', name: 'spec.serviceName', target: core('Service'), consequence: 'traffic-fails', via: () => 'serviceName' }],
  PersistentVolumeClaim: [{ at: '', name: 'spec.storageClassName', target: { group: 'storage.k8s.io', kind: 'StorageClass' }, consequence: 'provisioning-stops', via: () => 'storageClassName' }],
  Ingress: [
    { at: 'spec.tls[]', name: 'secretName', target: core('Secret'), consequence: 'tls-fallback', via: (_l, n) => `TLS of ${(asSeq(child(n, 'hosts'))?.items ?? []).map(stringValue).filter(Boolean).join(', ') || 'its hosts'}` },
    ...ingressBackends('spec.rules[].http.paths[]', 'backend.', (n) => `backend of path ${stringValue(child(n, 'path')) ?? '/'}`),
    ...ingressBackends('', 'spec.defaultBackend.', () => 'defaultBackend'),
    ...ingressBackends('', 'spec.backend.', () => 'backend'),
    { at: '', name: 'spec.ingressClassName', target: { group: 'networking.k8s.io', kind: 'IngressClass' }, consequence: 'traffic-fails', via: () => 'ingressClassName' },
  ],
  'gateway.networking.k8s.io/Gateway': [
    { at: 'spec.listeners[].tls.certificateRefs[]', name: 'name', namespace: 'namespace', target: gatewayRef('Secret'), consequence: 'tls-fallback', via: (l) => `certificateRefs of listener "${l[0]}"` },
    { at: '', name: 'spec.gatewayClassName', target: { group: 'gateway.networking.k8s.io', kind: 'GatewayClass' }, consequence: 'traffic-fails', via: () => 'gatewayClassName' },
  ],
  'gateway.networking.k8s.io/HTTPRoute': [
    ...routeRules,
    { at: 'spec.rules[].filters[]', name: 'requestMirror.backendRef.name', namespace: 'requestMirror.backendRef.namespace', target: (n) => gatewayRef('Service')(child(n, 'requestMirror', 'backendRef')), consequence: 'pod-starts-without', via: () => 'requestMirror' },
  ],
  'gateway.networking.k8s.io/GRPCRoute': routeRules,
  'gateway.networking.k8s.io/TLSRoute': routeRules,
  'gateway.networking.k8s.io/TCPRoute': routeRules,
  'gateway.networking.k8s.io/UDPRoute': routeRules,
  'rbac.authorization.k8s.io/RoleBinding': [
    { at: 'subjects[]', name: 'name', namespace: 'namespace', target: (n) => (stringValue(child(n, 'kind')) === 'ServiceAccount' ? core('ServiceAccount') : undefined), consequence: 'rbac-denied', via: () => 'subjects' },
    { at: '', name: 'roleRef.name', target: (n) => typed()(child(n, 'roleRef')), consequence: 'rbac-denied', via: () => 'roleRef' },
  ],
  'rbac.authorization.k8s.io/ClusterRoleBinding': [
    { at: 'subjects[]', name: 'name', namespace: 'namespace', target: (n) => (stringValue(child(n, 'kind')) === 'ServiceAccount' ? core('ServiceAccount') : undefined), consequence: 'rbac-denied', via: () => 'subjects' },
    { at: '', name: 'roleRef.name', target: (n) => typed()(child(n, 'roleRef')), consequence: 'rbac-denied', via: () => 'roleRef' },
  ],
  'apiregistration.k8s.io/APIService': [
    { at: '', name: 'spec.service.name', namespace: 'spec.service.namespace', target: core('Service'), consequence: 'api-calls-rejected', via: () => 'service' },
  ],
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': webhookPaths('MutatingWebhookConfiguration'),
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': webhookPaths('ValidatingWebhookConfiguration'),
  'apiextensions.k8s.io/CustomResourceDefinition': [
    { at: '', name: 'spec.conversion.webhook.clientConfig.service.name', namespace: 'spec.conversion.webhook.clientConfig.service.namespace', target: core('Service'), consequence: 'api-calls-rejected', via: () => 'conversion webhook' },
  ],
  'autoscaling/HorizontalPodAutoscaler': [scaleTarget('spec.scaleTargetRef')],
  'autoscaling.k8s.io/VerticalPodAutoscaler': [scaleTarget('spec.targetRef')],
  'keda.sh/ScaledObject': [scaleTarget('spec.scaleTargetRef', { apiVersion: 'apps/v1', kind: 'Deployment' })],
  'argoproj.io/Rollout': [
    { at: '', name: 'spec.workloadRef.name', target: (n) => typed()(child(n, 'spec', 'workloadRef')), consequence: 'pod-cannot-start', via: () => 'workloadRef' },
  ],
  'monitoring.coreos.com/Prometheus': prometheusPaths('Prometheus'),
  'monitoring.coreos.com/Alertmanager': [
    ...prometheusPaths('Alertmanager'),
    // The operator falls back to a generated configuration with no receivers: alerts go nowhere.
    { at: '', name: 'spec.configSecret', target: core('Secret'), consequence: 'pod-starts-without', via: () => 'configSecret' },
  ],
  'helm.toolkit.fluxcd.io/HelmRelease': [
    { at: 'spec.valuesFrom[]', name: 'name', target: (n) => { const k = stringValue(child(n, 'kind')); return k === 'ConfigMap' || k === 'Secret' ? core(k) : undefined; }, optional: optionalField, consequence: 'reconcile-fails', via: () => 'valuesFrom' },
  ],
};

/** Annotations that name objects as `namespace/name`. */
const ANNOTATION_REFS: Readonly<Record<string, { target: Target; consequence: Consequence }>> = {
  'cert-manager.io/inject-ca-from': { target: { group: 'cert-manager.io', kind: 'Certificate' }, consequence: 'api-calls-rejected' },
  'cert-manager.io/inject-ca-from-secret': { target: core('Secret'), consequence: 'api-calls-rejected' },
};

// Kinds whose objects never embed a pod spec: the generic detector skips them (and their large bodies).
const NO_POD_SPEC = new Set(['ConfigMap', 'Secret', 'CustomResourceDefinition', 'Service', 'Endpoints', 'List']);
const MAX_DEPTH = 8;
// The groups Kubernetes' own kinds live in (and lived in): table keys without a group match only these.
const KUBERNETES_GROUPS = new Set(['', 'apps', 'batch', 'extensions', 'networking.k8s.io']);

/** A selected node. Paths and labels are read from the parent chain only for a reference found. */
interface Found {
  node: unknown;
  parent?: Found;
  /** `.key`, or `[i]` for a list item. */
  step: string;
  item: boolean;
}

function pathOf(f: Found | undefined): string {
  let out = '';
  for (let x = f; x; x = x.parent) out = x.step + out;
  return out.startsWith('.') ? out.slice(1) : out;
}

function labelsOf(f: Found | undefined): string[] {
  const out: string[] = [];
  for (let x = f; x; x = x.parent) if (x.item) out.unshift(label(x.node));
  return out;
}

const SELECTORS = new Map<string, { key: string; list: boolean }[]>();
function segmentsOf(selector: string): { key: string; list: boolean }[] {
  let segs = SELECTORS.get(selector);
  if (!segs) {
    segs = selector ? selector.split('.').map((seg) => (seg.endsWith('[]') ? { key: seg.slice(0, -2), list: true } : { key: seg, list: false })) : [];
    SELECTORS.set(selector, segs);
  }
  return segs;
}

/** The nodes `selector` picks under `root`. */
function select(root: Found, selector: string): Found[] {
  let found: Found[] = [root];
  for (const { key, list } of segmentsOf(selector)) {
    const next: Found[] = [];
    for (const f of found) {
      const value = child(f.node, key);
      if (value === undefined) continue;
      const at: Found = { node: value, parent: f, step: `.${key}`, item: false };
      if (!list) {
        next.push(at);
        continue;
      }
      const items = asSeq(value)?.items ?? [];
      for (let i = 0; i < items.length; i++) next.push({ node: items[i], parent: at, step: `[${i}]`, item: true });
    }
    found = next;
  }
  return found;
}

/** Maps that look like a PodSpec (a `containers` list of maps with an image), outside the listed paths. The path is
 *  kept as segments and joined only for a find: custom resources can be large (rule groups, dashboards). */
function detectPodSpecs(node: unknown, path: string[], depth: number, out: Found[]): void {
  if (depth > MAX_DEPTH) return;
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i];
      if (!isMap(item) && !isSeq(item)) continue;
      path.push(`[${i}]`);
      detectPodSpecs(item, path, depth + 1, out);
      path.pop();
    }
    return;
  }
  if (!isMap(node)) return;
  const containers = asSeq(child(node, 'containers'));
  if (containers && containers.items.some((c) => isMap(c) && child(c, 'image') !== undefined)) {
    out.push({ node, step: path.map((p) => (p.startsWith('[') ? p : `.${p}`)).join(''), item: false });
    return;
  }
  for (const pair of node.items) {
    const key = scalar(pair.key)?.value;
    if (typeof key !== 'string' || key === 'metadata' || key === 'status' || (!isMap(pair.value) && !isSeq(pair.value))) continue;
    path.push(key);
    detectPodSpecs(pair.value, path, depth + 1, out);
    path.pop();
  }
}

/** Where the pod specs of `r` are, and which fields to read in them. */
function podSpecsOf(r: Resource): { found: Found; paths: readonly RefPath[] }[] {
  const key = `${r.group}/${r.kind}`;
  const workflow = WORKFLOW_SPECS[key];
  const top: Found = { node: r.root, step: '', item: false };
  if (workflow) return select(top, workflow).map((found) => ({ found, paths: WORKFLOW_SPEC_PATHS }));
  const listed = POD_TEMPLATES[key] ?? (KUBERNETES_GROUPS.has(r.group) ? POD_TEMPLATES[r.kind] : undefined);
  if (listed) return listed.flatMap((p) => select(top, p)).map((found) => ({ found, paths: POD_SPEC_PATHS }));
  if (r.group === '' || NO_POD_SPEC.has(r.kind)) return [];
  const out: Found[] = [];
  detectPodSpecs(child(r.root, 'spec'), ['spec'], 0, out);
  return out.map((found) => ({ found, paths: POD_SPEC_PATHS }));
}

function tableOf(r: Resource): readonly RefPath[] {
  return REFERENCE_PATHS[`${r.group}/${r.kind}`] ?? (KUBERNETES_GROUPS.has(r.group) ? REFERENCE_PATHS[r.kind] : undefined) ?? [];
}

const KEYS = new Map<string, string[]>();
const keysOf = (dotted: string) => KEYS.get(dotted) ?? (KEYS.set(dotted, dotted.split('.')), KEYS.get(dotted)!);

/** Everything `r` names. */
export function referencesOf(r: Resource): Reference[] {
  const refs: Reference[] = [];
  const base = r.doc.start;
  const apply = (root: Found, paths: readonly RefPath[]) => {
    const serviceAccountName = child(root.node, 'serviceAccountName') !== undefined;
    // Many entries share a selector (every volume source iterates `volumes[]`): select each once.
    const selected = new Map<string, Found[]>();
    for (const entry of paths) {
      if (entry.name === 'serviceAccount' && serviceAccountName) continue;
      let found = selected.get(entry.at);
      if (!found) selected.set(entry.at, (found = select(root, entry.at)));
      for (const at of found) {
        const nameNode = entry.name ? child(at.node, ...keysOf(entry.name)) : at.node;
        if (stringValue(nameNode) === undefined) continue;
        const target = typeof entry.target === 'function' ? entry.target(at.node) : entry.target;
        if (!target) continue;
        const namePath = [pathOf(at), entry.name].filter(Boolean).join('.');
        const ns = entry.namespace ? stringValue(child(at.node, ...keysOf(entry.namespace))) : undefined;
        add(target, nameNode, namePath, ns, entry.optional?.(at.node) ?? false, entry.consequence, entry.via(labelsOf(at), at.node));
      }
    }
  };
  const add = (target: Target, nameNode: unknown, path: string, ns: string | undefined, optional: boolean, consequence: Consequence, via: string, name = stringValue(nameNode)) => {
    const s = scalar(nameNode);
    const range = nodeRange(nameNode);
    const content = s ? scalarContentRange(s) : undefined;
    if (!name || !range || !content) return;
    const namespace = isClusterScoped(target.kind) ? '' : (ns || r.namespace);
    refs.push({
      referrer: r,
      path,
      ...target,
      namespace,
      name,
      identity: identityOf(target.group, target.kind, namespace, name),
      via,
      optional,
      consequence: optional ? 'pod-starts-without' : consequence,
      range: { start: base + range[0], end: base + range[1] },
      contentRange: { start: base + content[0], end: base + content[1] },
    });
  };

  for (const { found, paths } of podSpecsOf(r)) apply(found, paths);
  apply({ node: r.root, step: '', item: false }, tableOf(r));
  for (const [key, a] of r.annotations) {
    const entry = ANNOTATION_REFS[key];
    const slash = a.value?.indexOf('/') ?? -1;
    if (!entry || !a.value || slash < 0) continue;
    const node = child(r.root, 'metadata', 'annotations', key);
    add(entry.target, node, `metadata.annotations.${key}`, a.value.slice(0, slash), false, entry.consequence, key, a.value.slice(slash + 1));
  }
  return refs;
}

/** The referrer's pods need the target when they are created (a missing one keeps them from starting). */
export function neededByPods(ref: Reference): boolean {
  return ref.consequence === 'pod-cannot-start' || ref.consequence === 'data-deleted';
}

/** The severity step of a set of references: the worst consequence decides. */
export function levelOf(refs: readonly Reference[]): number {
  return refs.length === 0 ? 0 : Math.max(...refs.map((x) => CONSEQUENCE_LEVEL[x.consequence]));
}

const SUMMARY: Record<Consequence, string> = {
  'data-deleted': 'data loss',
  'pod-cannot-start': 'pods cannot start',
  'api-calls-rejected': 'API calls rejected',
  'rbac-denied': 'RBAC denied',
  'traffic-fails': 'traffic fails',
  'tls-fallback': 'TLS falls back',
  'scaling-stops': 'scaling stops',
  'provisioning-stops': 'new claims Pending',
  'reconcile-fails': 'Flux cannot reconcile',
  'pod-starts-without': 'pods start without it',
};

/** The worst consequence of `refs` in a few words, for one-line messages ("data loss", "API calls rejected"). */
export function summaryOf(refs: readonly Reference[]): string {
  const order = Object.keys(SUMMARY) as Consequence[];
  const worst = [...refs].sort(
    (a, b) => CONSEQUENCE_LEVEL[b.consequence] - CONSEQUENCE_LEVEL[a.consequence] || order.indexOf(a.consequence) - order.indexOf(b.consequence),
  )[0];
  if (!worst) return '';
  if (worst.consequence === 'tls-fallback' && worst.referrer.kind === 'Gateway') return 'TLS fails';
  return SUMMARY[worst.consequence];
}

const lower = (kind: string) => kind.toLowerCase();

/** What the referrer suffers when the target is gone, as a sentence for people: "Pods of Deployment web will fail to
 *  mount volume "config" (configmap "web-config" not found)". `deleted` says the target was deleted (not absent). */
export function consequenceOf(ref: Reference, deleted = false): string {
  const who = `${ref.referrer.kind} ${ref.referrer.name}`;
  const target = `${lower(ref.kind)} "${ref.name}"`;
  const pods = `Pods of ${who}`;
  switch (ref.consequence) {
    case 'pod-starts-without':
      if (ref.referrer.kind.endsWith('WebhookConfiguration')) return `API calls matched by ${ref.via} of ${who} skip it (failurePolicy Ignore)`;
      if (ref.kind === 'Service' && ref.via === 'requestMirror') return `HTTPRoute ${ref.referrer.name} stops mirroring requests to Service ${ref.name}`;
      if (ref.referrer.kind === 'Alertmanager') return `Alertmanager ${ref.referrer.name} runs with the operator's empty configuration (${ref.via} ${target} not found): alerts reach no receiver`;
      return `${pods} start without ${ref.kind} ${ref.name} (optional ${ref.via})`;
    case 'data-deleted':
      return deleted
        ? `${ref.kind} ${ref.name} is deleted with its volume's data when the reclaim policy is Delete, and pods of ${who} fail to mount ${ref.via} (${target} not found)`
        : `${pods} will fail to mount ${ref.via} (${target} not found)`;
    case 'pod-cannot-start':
      if (ref.kind === 'ServiceAccount') return `${pods} will not be created (error looking up service account: ${target} not found)`;
      if (ref.kind === 'PriorityClass') return `${pods} will be rejected at creation (no PriorityClass with name ${ref.name} was found)`;
      if (ref.kind === 'RuntimeClass') return `${pods} will be rejected (RuntimeClass "${ref.name}" not found)`;
      if (ref.kind === 'StorageClass') return `${pods} will not start: the claim of ${ref.via} stays Pending (storageclass "${ref.name}" not found)`;
      if (ref.via === 'imagePullSecrets') return `${pods} will fail to pull private images (ImagePullBackOff without secret "${ref.name}")`;
      if (ref.via === 'workloadRef') return `${who} will have no pod template (${ref.kind} ${ref.name} not found)`;
      if (/volume|secrets of|configMaps of/.test(ref.via)) return `${pods} will fail to mount ${ref.via} (${target} not found)`;
      return `${pods} will fail to start: CreateContainerConfigError for ${ref.via} (${target} not found)`;
    case 'tls-fallback':
      if (ref.referrer.kind === 'Gateway') return `the HTTPS listener of Gateway ${ref.referrer.name} is not programmed (${ref.via}: ${target} not found): TLS traffic fails`;
      return `Ingress ${ref.referrer.name} falls back to the controller's default certificate for ${ref.via.replace(/^TLS of /, '')}: HTTPS clients reject it`;
    case 'traffic-fails':
      if (ref.kind === 'IngressClass') return `Ingress ${ref.referrer.name} is served by no controller (ingressclass "${ref.name}" not found): its traffic 404s`;
      if (ref.kind === 'GatewayClass') return `Gateway ${ref.referrer.name} is accepted by no controller (gatewayclass "${ref.name}" not found): its traffic fails`;
      if (ref.via === 'serviceName') return `${pods} lose their stable DNS names (governing ${target} not found): peers cannot reach them`;
      if (ref.via === 'parentRefs') return `${who} is attached to no ${ref.kind} (${target} not found): its traffic 404s`;
      return `traffic through ${who} (${ref.via}) 503s: ${target} not found`;
    case 'api-calls-rejected':
      if (ref.kind === 'Certificate' || ref.via.startsWith('cert-manager.io/')) return `the CA bundle of ${who} is no longer injected by cert-manager (${target} not found): its TLS calls fail once the serving certificate renews`;
      if (ref.referrer.kind === 'APIService') return `every API call to ${who} fails with 503 (${target} not found), and discovery reports the group unavailable`;
      if (ref.referrer.kind === 'CustomResourceDefinition') return `every API call for ${who} that needs conversion fails (${target} not found)`;
      return `every API call that ${ref.via} of ${who} matches is rejected, cluster-wide (failed calling webhook: ${target} not found)`;
    case 'rbac-denied':
      if (ref.via === 'roleRef') return `${who} grants nothing (${target} not found): its subjects' API calls are denied (forbidden)`;
      return `${who} no longer applies to ${ref.kind} ${ref.name}: pods running as it get forbidden API calls`;
    case 'scaling-stops':
      return `${who} stops scaling (${ref.via}: ${target} not found)`;
    case 'provisioning-stops':
      return `new claims of ${who} (${ref.via}) stay Pending (storageclass "${ref.name}" not found); bound ones keep working`;
    case 'reconcile-fails':
      return `${who} fails to reconcile (${ref.via}: ${target} not found): Flux stops upgrading the release`;
  }
}

