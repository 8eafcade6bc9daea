// The settings the server reads through workspace/configuration (section `helmHookGuard`), with their defaults.
import * as path from 'node:path';
import type { RuleSetting } from '../analysis/analyze';
import { DEPLOYERS, isArchivePath, type ChartOptions, type Deployer } from '../config/config';

export interface Settings {
  baseRef: string;
  releaseName: string;
  namespace: string;
  /** Values files, relative to the chart folder (or absolute), applied after values.yaml in order. */
  valuesFiles: string[];
  rules: Record<string, RuleSetting>;
  /** Who deploys the charts: Helm (and Flux, which runs Helm's actions), or Argo CD with its own hook phases. */
  deployer: Deployer;
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
    deployer: (DEPLOYERS as readonly unknown[]).includes(r.deployer) ? (r.deployer as Deployer) : 'auto',
  };
}

/**
 * The settings as a layer over the repository config: only what differs from the defaults counts as set, since
 * workspace/configuration answers with defaults filled in (a setting equal to its default leaves the config's value).
 */
export function settingsLayer(s: Settings, chartDir: string): ChartOptions {
  const d = DEFAULT_SETTINGS;
  const layer: ChartOptions = {};
  if (s.baseRef !== d.baseRef) layer.baseRef = isArchivePath(s.baseRef) ? path.resolve(chartDir, s.baseRef) : s.baseRef;
  if (s.releaseName !== d.releaseName) layer.releaseName = s.releaseName;
  if (s.namespace !== d.namespace) layer.namespace = s.namespace;
  if (s.valuesFiles.length) layer.valuesFiles = s.valuesFiles.map((f) => path.resolve(chartDir, f));
  if (Object.keys(s.rules).length) layer.rules = s.rules;
  if (s.deployer !== d.deployer) layer.deployer = s.deployer;
  return layer;
}
