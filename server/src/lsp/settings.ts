// The settings the server reads through workspace/configuration (section `helmHookGuard`), with their defaults.
import * as path from 'node:path';
import type { RuleSetting } from '../analysis/analyze';
import { DEPLOYERS, isArchivePath, type ChartOptions, type Deployer } from '../config/config';
import { parseApplyMode, type ApplyMode } from '../analysis/model';

export interface Settings {
  baseRef: string;
  /** Several bases; empty: `baseRef` alone when it is not HEAD, else HEAD plus the upstream merge-base. */
  baseRefs: string[];
  releaseName: string;
  namespace: string;
  /** Values files, relative to the chart folder (or absolute), applied after values.yaml in order. */
  valuesFiles: string[];
  rules: Record<string, RuleSetting>;
  /** The profile: helm4, helm3, flux, argocd, or auto (Argo CD when the chart has Argo CD annotations, else helm4);
   *  `helm` (before profiles) means helm4. */
  deployer: Deployer;
  /** How Helm 4 applies objects: auto (as Helm 4 does), server-side or client-side. */
  applyMode: ApplyMode;
  /** `.Capabilities.KubeVersion` (`helm template --kube-version`); empty for the Helm version's default. */
  kubeVersion: string;
  /** Extra `.Capabilities.APIVersions` (`--api-versions`), e.g. `batch/v1/CronJob`. */
  apiVersions: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  baseRef: 'HEAD',
  baseRefs: [],
  releaseName: 'release-name',
  namespace: 'default',
  valuesFiles: [],
  rules: {},
  deployer: 'auto',
  applyMode: 'auto',
  kubeVersion: '',
  apiVersions: [],
};

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Whatever the client sent, as valid settings: wrong types fall back to defaults instead of breaking analysis. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown, d: string) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : d);
  const rules: Record<string, RuleSetting> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [k, v] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof v === 'string' && SEVERITIES.has(v)) rules[k] = v as RuleSetting;
    }
  }
  return {
    baseRef: str(r.baseRef, DEFAULT_SETTINGS.baseRef),
    baseRefs: Array.isArray(r.baseRefs) ? [...new Set(r.baseRefs.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()))] : [],
    releaseName: str(r.releaseName, DEFAULT_SETTINGS.releaseName),
    namespace: str(r.namespace, DEFAULT_SETTINGS.namespace),
    valuesFiles: Array.isArray(r.valuesFiles) ? r.valuesFiles.filter((v): v is string => typeof v === 'string') : [],
    rules,
    deployer: (DEPLOYERS as readonly unknown[]).includes(r.deployer) ? (r.deployer as Deployer) : 'auto',
    applyMode: parseApplyMode(r.applyMode) ?? 'auto',
    kubeVersion: typeof r.kubeVersion === 'string' ? r.kubeVersion.trim() : '',
    apiVersions: Array.isArray(r.apiVersions) ? r.apiVersions.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [],
  };
}

/**
 * The settings as a layer over the repository config: only what differs from the defaults counts as set, since
 * workspace/configuration answers with defaults filled in (a setting equal to its default leaves the config's value).
 */
export function settingsLayer(s: Settings, chartDir: string): ChartOptions {
  const d = DEFAULT_SETTINGS;
  const layer: ChartOptions = {};
  const ref = (r: string) => (isArchivePath(r) ? path.resolve(chartDir, r) : r);
  if (s.baseRefs.length) layer.baseRefs = s.baseRefs.map(ref);
  else if (s.baseRef !== d.baseRef) layer.baseRef = ref(s.baseRef);
  if (s.releaseName !== d.releaseName) layer.releaseName = s.releaseName;
  if (s.namespace !== d.namespace) layer.namespace = s.namespace;
  if (s.valuesFiles.length) layer.valuesFiles = s.valuesFiles.map((f) => path.resolve(chartDir, f));
  if (Object.keys(s.rules).length) layer.rules = s.rules;
  if (s.deployer !== d.deployer) layer.deployer = s.deployer;
  if (s.applyMode !== d.applyMode) layer.applyMode = s.applyMode;
  if (s.kubeVersion) layer.kubeVersion = s.kubeVersion;
  if (s.apiVersions.length) layer.apiVersions = s.apiVersions;
  return layer;
}
