// What a workload's pods need to start: the ConfigMaps, Secrets, PVCs and ServiceAccounts its pod template names.
import { child, asSeq, isTrue, nodeRange, scalar, scalarContentRange, stringValue } from './yamlNodes';
import type { OutRange, Resource } from './resources';

export type ReferencedKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

export interface Reference {
  workload: Resource;
  kind: ReferencedKind;
  name: string;
  /** The workload's namespace: every reference is namespace-local. */
  namespace: string;
  /** e.g. `volume "config"`, `envFrom`, `env CONFIG_PATH`, `imagePullSecrets`, `serviceAccountName` */
  via: string;
  optional: boolean;
  /** The name value in the workload's rendered output. */
  range: OutRange;
  /** Inside quotes, when quoted: where a suffix can go. */
  contentRange: OutRange;
}

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export function isWorkload(r: Resource): boolean {
  return r.kind in POD_SPEC_PATHS;
}

function items(node: unknown): unknown[] {
  return asSeq(node)?.items ?? [];
}

export function referencesOf(workload: Resource): Reference[] {
  const path = POD_SPEC_PATHS[workload.kind];
  if (!path) return [];
  const podSpec = child(workload.root, ...path);
  if (!podSpec) return [];
  const base = workload.doc.start;
  const refs: Reference[] = [];
  const add = (kind: ReferencedKind, nameNode: unknown, via: string, optional: boolean) => {
    const name = stringValue(nameNode);
    const range = nodeRange(nameNode);
    const s = scalar(nameNode);
    const content = s ? scalarContentRange(s) : undefined;
    if (!name || !range || !content) return;
    refs.push({
      workload,
      kind,
      name,
      namespace: workload.namespace,
      via,
      optional,
      range: { start: base + range[0], end: base + range[1] },
      contentRange: { start: base + content[0], end: base + content[1] },
    });
  };

  for (const volume of items(child(podSpec, 'volumes'))) {
    const vname = stringValue(child(volume, 'name')) ?? '?';
    const via = `volume "${vname}"`;
    const cm = child(volume, 'configMap');
    if (cm) add('ConfigMap', child(cm, 'name'), via, isTrue(child(cm, 'optional')));
    const secret = child(volume, 'secret');
    if (secret) add('Secret', child(secret, 'secretName'), via, isTrue(child(secret, 'optional')));
    const pvc = child(volume, 'persistentVolumeClaim');
    if (pvc) add('PersistentVolumeClaim', child(pvc, 'claimName'), via, false);
    for (const source of items(child(volume, 'projected', 'sources'))) {
      const pcm = child(source, 'configMap');
      if (pcm) add('ConfigMap', child(pcm, 'name'), `projected ${via}`, isTrue(child(pcm, 'optional')));
      const ps = child(source, 'secret');
      if (ps) add('Secret', child(ps, 'name'), `projected ${via}`, isTrue(child(ps, 'optional')));
    }
  }

  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const container of items(child(podSpec, list))) {
      const cname = stringValue(child(container, 'name')) ?? '?';
      for (const source of items(child(container, 'envFrom'))) {
        const cmRef = child(source, 'configMapRef');
        if (cmRef) add('ConfigMap', child(cmRef, 'name'), `envFrom of container "${cname}"`, isTrue(child(cmRef, 'optional')));
        const sRef = child(source, 'secretRef');
        if (sRef) add('Secret', child(sRef, 'name'), `envFrom of container "${cname}"`, isTrue(child(sRef, 'optional')));
      }
      for (const env of items(child(container, 'env'))) {
        const ename = stringValue(child(env, 'name')) ?? '?';
        const via = `env ${ename} of container "${cname}"`;
        const cmKey = child(env, 'valueFrom', 'configMapKeyRef');
        if (cmKey) add('ConfigMap', child(cmKey, 'name'), via, isTrue(child(cmKey, 'optional')));
        const sKey = child(env, 'valueFrom', 'secretKeyRef');
        if (sKey) add('Secret', child(sKey, 'name'), via, isTrue(child(sKey, 'optional')));
      }
    }
  }

  for (const secret of items(child(podSpec, 'imagePullSecrets'))) {
    add('Secret', child(secret, 'name'), 'imagePullSecrets', false);
  }
  add('ServiceAccount', child(podSpec, 'serviceAccountName'), 'serviceAccountName', false);
  if (!child(podSpec, 'serviceAccountName')) add('ServiceAccount', child(podSpec, 'serviceAccount'), 'serviceAccount', false);
  return refs;
}

/** What a reference does to its pods when the object is missing, in kubelet's words. */
export function failureOf(ref: Reference): string {
  const lower = ref.kind === 'PersistentVolumeClaim' ? 'persistentvolumeclaim' : ref.kind.toLowerCase();
  if (ref.via.includes('volume')) return `fail to mount ${ref.via} (${lower} "${ref.name}" not found)`;
  if (ref.kind === 'ServiceAccount') return `not be created (serviceaccount "${ref.name}" not found)`;
  if (ref.via === 'imagePullSecrets') return `fail to pull images without secret "${ref.name}"`;
  return `fail to start: CreateContainerConfigError for ${ref.via} (${lower} "${ref.name}" not found)`;
}
