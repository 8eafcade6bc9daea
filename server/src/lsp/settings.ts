// The settings the server reads through workspace/configuration (section `helmHookGuard`), with their defaults.
import type { RuleSetting } from '../analysis/analyze';

export interface Settings {
  baseRef: string;
  releaseName: string;
  namespace: string;
  /** Values files, relative to the chart folder (or absolute), applied after values.yaml in order. */
  valuesFiles: string[];
  rules: Record<string, RuleSetting>;
  /** Who deploys the charts: Helm (and Flux, which runs Helm's actions), or Argo CD with its own hook phases. */
  deployer: 'auto' | 'helm' | 'argocd';
}

export const DEFAULT_SETTINGS: Settings = {
  baseRef: 'HEAD',
  releaseName: 'release-name',
  namespace: 'default',
  valuesFiles: [],
  rules: {},
  deployer: 'auto',
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
    deployer: r.deployer === 'helm' || r.deployer === 'argocd' ? r.deployer : 'auto',
  };
}
