// `.Capabilities` as `helm template` sets it: the client's defaults per Helm version (chartutil.DefaultCapabilities
// at v3.17.3, pkg/chart/common/capabilities.go at v4.1.4), with --kube-version and --api-versions.
import { GoStruct, type GoMap, type Value } from '../engine';

export type HelmMajor = 3 | 4;

export const HELM_VERSIONS: Record<HelmMajor, Record<string, string>> = {
  3: { Version: 'v3.17.3', GitCommit: 'e4da49785aa6e6ee2b86efd5dd9e43400318262b', GitTreeState: 'clean', GoVersion: 'go1.23.7' },
  4: { Version: 'v4.1.4', GitCommit: '05fa37973dc9e42b76e1d2883494c87174b6074f', GitTreeState: 'clean', GoVersion: 'go1.25.9', KubeClientVersion: 'v1.35' },
};
const HELM_JSON: Record<string, string> = {
  Version: 'version', GitCommit: 'git_commit', GitTreeState: 'git_tree_state', GoVersion: 'go_version', KubeClientVersion: 'kube_client_version',
};

/** The Kubernetes version `helm template` assumes without --kube-version. */
export const DEFAULT_KUBE_VERSIONS: Record<HelmMajor, string> = { 3: 'v1.32.0', 4: 'v1.35.0' };

const V3_API_VERSIONS = [
  'v1', 'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1', 'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'authentication.k8s.io/v1', 'authentication.k8s.io/v1alpha1', 'authentication.k8s.io/v1beta1', 'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1', 'autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta1', 'autoscaling/v2beta2', 'batch/v1', 'batch/v1beta1', 'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1', 'certificates.k8s.io/v1alpha1', 'coordination.k8s.io/v1alpha2', 'coordination.k8s.io/v1beta1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1', 'events.k8s.io/v1', 'events.k8s.io/v1beta1', 'extensions/v1beta1', 'flowcontrol.apiserver.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta3', 'networking.k8s.io/v1', 'networking.k8s.io/v1alpha1', 'networking.k8s.io/v1beta1', 'node.k8s.io/v1',
  'node.k8s.io/v1alpha1', 'node.k8s.io/v1beta1', 'policy/v1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1alpha3', 'scheduling.k8s.io/v1alpha1', 'scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1', 'storage.k8s.io/v1', 'storage.k8s.io/v1alpha1', 'storagemigration.k8s.io/v1alpha1', 'apiextensions.k8s.io/v1beta1', 'apiextensions.k8s.io/v1',
];
/** As printed by helm 4.1.4: resource.k8s.io/v1 and v1beta2 and storagemigration.k8s.io/v1beta1 added,
 *  networking.k8s.io/v1alpha1 and storagemigration.k8s.io/v1alpha1 gone. */
const V4_API_VERSIONS = V3_API_VERSIONS.filter((v) => v !== 'networking.k8s.io/v1alpha1')
  .flatMap((v) => (v === 'resource.k8s.io/v1beta1' ? ['resource.k8s.io/v1', 'resource.k8s.io/v1beta2', v] : [v]))
  .map((v) => (v === 'storagemigration.k8s.io/v1alpha1' ? 'storagemigration.k8s.io/v1beta1' : v));

export const DEFAULT_API_VERSIONS: Record<HelmMajor, readonly string[]> = { 3: V3_API_VERSIONS, 4: V4_API_VERSIONS };

export interface KubeVersion {
  /** `.Capabilities.KubeVersion.Version` (and GitVersion). */
  version: string;
  /** What String() gives (Helm 4 normalises to the numeric part; Helm 3 prints `version`). */
  normalized: string;
  major: string;
  minor: string;
}

export class KubeVersionError extends Error {}

/** chartutil.ParseKubeVersion (v3: Masterminds semver; v4: k8s.io version.ParseGeneric, the text kept as given). */
export function parseKubeVersion(text: string, major: HelmMajor): KubeVersion {
  if (major === 3) {
    const m = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
    if (!m || (m[1].length > 1 && m[1].startsWith('0'))) throw new KubeVersionError(`invalid kube version '${text}': Invalid Semantic Version`);
    const version = `v${+m[1]}.${+(m[2] ?? 0)}.${+(m[3] ?? 0)}${m[4] ?? ''}${m[5] ?? ''}`;
    return { version, normalized: version, major: String(+m[1]), minor: String(+(m[2] ?? 0)) };
  }
  const m = /^v?([0-9]+)((?:\.[0-9]+)+)/.exec(text.trim());
  if (!m || text.trim() !== text) throw new KubeVersionError(`invalid kube version '${text}': could not parse "${text}" as version`);
  const nums = [m[1], ...m[2].slice(1).split('.')];
  if (nums.some((n) => n.length > 1 && n.startsWith('0'))) throw new KubeVersionError(`invalid kube version '${text}': could not parse "${text}" as version`);
  const version = text.startsWith('v') ? text : 'v' + text;
  return { version, normalized: 'v' + nums.map((n) => String(+n)).join('.'), major: String(+nums[0]), minor: String(+nums[1]) };
}

function valuesMap(entries: [string, Value][]): GoMap {
  return new Map(entries);
}

export function makeCapabilities(major: HelmMajor, kubeVersion?: string, apiVersions: readonly string[] = []): GoStruct {
  const kv = kubeVersion ? parseKubeVersion(kubeVersion, major) : parseKubeVersion(DEFAULT_KUBE_VERSIONS[major], major);
  // Helm 4's KubeVersion has an unexported normalizedVersion field that fmt prints after Version.
  const kubeFields = major === 4 ? [kv.version, kv.normalized, kv.major, kv.minor] : [kv.version, kv.major, kv.minor];
  const kubePrint = `{${kubeFields.join(' ')}}`;
  const kube = new GoStruct(
    'chartutil.KubeVersion',
    new Map<string, Value>([['Version', kv.version], ['Major', kv.major], ['Minor', kv.minor]]),
    { String: { params: [], fn: () => kv.normalized }, GitVersion: { params: [], fn: () => kv.version } },
    () => kv.normalized,
    undefined,
    // No json tags on KubeVersion: encoding/json uses the field names.
    () => valuesMap([['Version', kv.version], ['Major', kv.major], ['Minor', kv.minor]]),
  );
  // --api-versions are appended to the defaults (pkg/action/install.go).
  const list = [...DEFAULT_API_VERSIONS[major], ...apiVersions];
  // A []string with a Has method: len, index and range see the list.
  const apis = new GoStruct('chartutil.VersionSet', new Map(), { Has: { params: ['string'], fn: (v) => list.includes(v as string) } }, () => '[' + list.join(' ') + ']', Object.assign([...list], { elemType: 'string' }), () => list);
  const hv = HELM_VERSIONS[major];
  const helm = new GoStruct(
    'chartutil.BuildInfo',
    new Map<string, Value>(Object.entries(hv)),
    {},
    undefined,
    undefined,
    () => valuesMap(Object.entries(hv).map(([k, v]) => [HELM_JSON[k], v])),
  );
  return new GoStruct(
    '*chartutil.Capabilities',
    new Map<string, Value>([['KubeVersion', kube], ['APIVersions', apis], ['HelmVersion', helm]]),
    {},
    () => `&{${kubePrint} [${list.join(' ')}] {${Object.values(hv).join(' ')}}}`,
  );
}
