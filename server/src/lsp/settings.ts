// The settings the server reads through workspace/configuration (section `helmHookGuard`), with their defaults.
import type { RuleSetting } from '../analysis/analyze';
import { parseApplyMode, parseProfileSetting, type ApplyMode, type ProfileSetting } from '../analysis/model';

export interface Settings {
  baseRef: string;
  releaseName: string;
  namespace: string;
  /** Values files, relative to the chart folder (or absolute), applied after values.yaml in order. */
  valuesFiles: string[];
  rules: Record<string, RuleSetting>;
  /** The profile: helm4, helm3, flux, argocd, or auto (Argo CD when the chart has Argo CD annotations, else helm4). */
  deployer: ProfileSetting;
  /** How Helm 4 applies objects: auto (as Helm 4 does), server-side or client-side. */
  applyMode: ApplyMode;
  /** `.Capabilities.KubeVersion` (`helm template --kube-version`); empty for the Helm version's default. */
  kubeVersion: string;
  /** Extra `.Capabilities.APIVersions` (`--api-versions`), e.g. `batch/v1/CronJob`. */
  apiVersions: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  baseRef: 'HEAD',
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
    releaseName: str(r.releaseName, DEFAULT_SETTINGS.releaseName),
    namespace: str(r.namespace, DEFAULT_SETTINGS.namespace),
    valuesFiles: Array.isArray(r.valuesFiles) ? r.valuesFiles.filter((v): v is string => typeof v === 'string') : [],
    rules,
    // `helm` (before profiles) reads as helm4.
    deployer: parseProfileSetting(r.deployer) ?? 'auto',
    applyMode: parseApplyMode(r.applyMode) ?? 'auto',
    kubeVersion: typeof r.kubeVersion === 'string' ? r.kubeVersion.trim() : '',
    apiVersions: Array.isArray(r.apiVersions) ? r.apiVersions.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [],
  };
}
