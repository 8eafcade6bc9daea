// The repository config, `.helm-hook-guard.yaml`: parsed and validated with located problems, then resolved per
// chart. Pure: the text comes in, nothing here reads the disk (see load.ts).
import * as path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, type Node, type Pair } from 'yaml';
import { folderMatches } from './glob';
import type { ApplyMode, FluxConfig } from '../analysis/model/deployer';

export const CONFIG_NAMES = ['.helm-hook-guard.yaml', '.helm-hook-guard.yml'] as const;

export const DEPLOYERS = ['auto', 'helm', 'helm4', 'helm3', 'flux', 'argocd'] as const;
export type Deployer = (typeof DEPLOYERS)[number];
export const APPLY_MODES = ['auto', 'server-side', 'client-side'] as const;
export const RULE_SETTINGS = ['error', 'warning', 'info', 'hint', 'off'] as const;
export type RuleLevel = (typeof RULE_SETTINGS)[number];

/** The profile a configured deployer stands for: `helm` (before profiles) is helm4. */
export function analysisDeployer(d: Deployer): 'auto' | 'helm4' | 'helm3' | 'flux' | 'argocd' {
  return d === 'helm' ? 'helm4' : d;
}

/** What one layer (config defaults, a chart entry, settings, flags) says; absent keys leave the layer below. */
export interface ChartOptions {
  releaseName?: string;
  namespace?: string;
  /** Absolute paths once resolved (resolveChart); relative to the chart folder in the file. */
  valuesFiles?: string[];
  /** `--set` expressions (typed values). */
  set?: string[];
  /** `--set-string` expressions. */
  setString?: string[];
  deployer?: Deployer;
  /** How Helm 4 applies (helm4, flux): auto, server-side, client-side. */
  applyMode?: ApplyMode;
  /** The HelmRelease settings that change hooks under the flux profile, as in its spec (install, upgrade, ...). */
  flux?: FluxConfig;
  /** `flux.helmRelease`: a HelmRelease manifest to read `flux` from (absolute; `name` after `#`), and where the key is.
   *  The loader (load.ts) reads it and merges it under the layer's own `flux` keys. */
  fluxHelmRelease?: { file: string; name?: string; range: ConfigProblem['range'] };
  kubeVersion?: string;
  apiVersions?: string[];
  /** A git ref, a packaged chart (.tgz) or `<repo-url>#<chart>@<version>`. */
  baseRef?: string;
  /** Several bases (each like baseRef): a finding any of them shows is reported. A layer's baseRef or baseRefs
   *  replaces both of a lower layer. Neither set: HEAD plus the merge-base with the upstream branch. */
  baseRefs?: string[];
  rules?: Record<string, RuleLevel>;
}

export interface ChartEntry extends ChartOptions {
  /** A glob relative to the config file's folder. */
  path: string;
}

export interface RepoConfig {
  /** Absolute path of the config file, and its folder. */
  file: string;
  dir: string;
  /** Top-level keys: defaults for every chart. */
  defaults: ChartOptions;
  charts: ChartEntry[];
  ignore: string[];
}

export interface ConfigProblem {
  file: string;
  /** 0-based, as LSP counts. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
}

export function formatProblem(p: ConfigProblem, cwd?: string): string {
  const file = cwd ? path.relative(cwd, p.file) || p.file : p.file;
  return `${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: error: ${p.message}`;
}

const OPTION_KEYS = ['releaseName', 'namespace', 'valuesFiles', 'set', 'deployer', 'applyMode', 'flux', 'kubeVersion', 'apiVersions', 'baseRef', 'baseRefs', 'rules'];
const TOP_KEYS = ['charts', 'ignore', ...OPTION_KEYS];
const CHART_KEYS = ['path', ...OPTION_KEYS];

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
  return d[a.length][b.length];
}

function suggest(value: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(value, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(value.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

/** `--set` text for a YAML scalar: strings go to --set-string (escaped), so "123" or "true" stay strings. */
function escapeSetValue(s: string): string {
  return s.replace(/[\\,]/g, (c) => '\\' + c);
}

/** The key of a `--set` expression (up to the first unescaped `=`), to drop lower layers' values for the same key. */
export function setKey(expr: string): string {
  for (let i = 0; i < expr.length; i++) {
    if (expr[i] === '\\') i++;
    else if (expr[i] === '=') return expr.slice(0, i);
  }
  return expr;
}

/**
 * Parses and validates a config file. `ruleIds` are the rules the analysis knows (an unknown id is a problem, so a
 * typo never silently does nothing). A config with problems comes back without `config`.
 */
export function parseConfig(text: string, file: string, ruleIds: readonly string[]): { config?: RepoConfig; problems: ConfigProblem[] } {
  const file_ = file;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = [];
  const pos = (offset: number) => {
    const p = lines.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line - 1, character: p.col - 1 };
  };
  const at = (node: Node | null | undefined, message: string) => {
    const [s, e] = node?.range ?? [0, 0];
    problems.push({ file, range: { start: pos(s), end: pos(Math.max(e, s)) }, message });
  };
  for (const e of doc.errors) {
    const [s, end] = e.pos;
    problems.push({ file, range: { start: pos(s), end: pos(end) }, message: `invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` });
  }
  if (problems.length > 0) return { problems };

  const root = doc.contents;
  const config: RepoConfig = { file, dir: path.dirname(file), defaults: {}, charts: [], ignore: [] };
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, problems };
  if (!isMap(root)) {
    at(root, 'the config must be a mapping (charts, rules, ignore, ...)');
    return { problems };
  }

  const str = (node: unknown, where: string): string | undefined => {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value.trim();
    at(node as Node, `${where} must be a non-empty string`);
    return undefined;
  };
  const strList = (node: unknown, where: string): string[] | undefined => {
    if (!isSeq(node)) {
      at(node as Node, `${where} must be a list of strings`);
      return undefined;
    }
    const out: string[] = [];
    node.items.forEach((item, i) => {
      const s = str(item, `${where}[${i}]`);
      if (s !== undefined) out.push(s);
    });
    return out;
  };
  const pairs = (node: unknown, where: string): Pair<Node, Node>[] | undefined => {
    if (!isMap(node)) {
      at(node as Node, `${where} must be a mapping`);
      return undefined;
    }
    return node.items as Pair<Node, Node>[];
  };
  const keyOf = (p: Pair<Node, Node>): string | undefined => {
    if (isScalar(p.key) && (typeof p.key.value === 'string' || typeof p.key.value === 'number')) return String(p.key.value);
    at(p.key, 'keys must be strings');
    return undefined;
  };

  // The HelmRelease spec keys that change hooks, in the spec's own shape (helm-controller api/v2).
  const FLUX_ACTIONS: Record<string, string[]> = {
    install: ['disableHooks', 'disableTakeOwnership', 'serverSideApply', 'strategy', 'remediation'],
    upgrade: ['disableHooks', 'disableTakeOwnership', 'serverSideApply', 'strategy', 'remediation'],
    rollback: ['disableHooks', 'serverSideApply'],
    uninstall: ['disableHooks'],
  };
  const bool = (node: unknown, where: string): boolean | undefined => {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    at(node as Node, `${where} must be true or false`);
    return undefined;
  };
  const oneOf = <T extends string>(node: unknown, where: string, values: readonly T[]): T | undefined => {
    const s = str(node, where);
    if (s !== undefined && !(values as readonly string[]).includes(s)) {
      at(node as Node, `${where}: "${s}" is not one of ${values.join(', ')}${suggest(s, values)}`);
      return undefined;
    }
    return s as T | undefined;
  };
  const sub = (node: unknown, where: string, allowed: readonly string[], each: (key: string, v: Node, w: string) => void) => {
    for (const p of pairs(node, where) ?? []) {
      const key = keyOf(p);
      if (key === undefined) continue;
      if (!allowed.includes(key)) at(p.key, `unknown key "${key}" in ${where}${suggest(key, allowed)}; known keys: ${allowed.join(', ')}`);
      else each(key, p.value as Node, `${where}.${key}`);
    }
  };
  const flux = (node: unknown, where: string, target: ChartOptions): FluxConfig => {
    const out: Record<string, Record<string, unknown>> = {};
    sub(node, where, [...Object.keys(FLUX_ACTIONS), 'helmRelease'], (action, v, w) => {
      if (action === 'helmRelease') {
        const s = str(v, w);
        if (s === undefined) return;
        const hash = s.lastIndexOf('#');
        const [file, name] = hash > 0 ? [s.slice(0, hash), s.slice(hash + 1)] : [s, undefined];
        const [start, end] = v.range ?? [0, 0];
        target.fluxHelmRelease = { file: path.resolve(path.dirname(file_), file), ...(name ? { name } : {}), range: { start: pos(start), end: pos(end) } };
        return;
      }
      const a: Record<string, unknown> = (out[action] = {});
      sub(v, w, FLUX_ACTIONS[action], (key, v2, w2) => {
        if (key === 'disableHooks' || key === 'disableTakeOwnership') a[key] = bool(v2, w2);
        else if (key === 'serverSideApply') a.serverSideApply = action === 'install' ? bool(v2, w2) : oneOf(v2, w2, ['enabled', 'disabled', 'auto'] as const);
        else if (key === 'strategy') {
          const st: Record<string, unknown> = (a.strategy = {});
          sub(v2, w2, ['name', 'retryInterval'], (k3, v3, w3) => {
            if (k3 === 'name') st.name = oneOf(v3, w3, ['RemediateOnFailure', 'RetryOnFailure'] as const);
            else str(v3, w3);
          });
        } else {
          const rem: Record<string, unknown> = (a.remediation = {});
          const keys = action === 'upgrade' ? ['retries', 'remediateLastFailure', 'strategy', 'ignoreTestFailures'] : ['retries', 'remediateLastFailure', 'ignoreTestFailures'];
          sub(v2, w2, keys, (k3, v3, w3) => {
            if (k3 === 'retries') {
              if (isScalar(v3) && typeof v3.value === 'number' && Number.isInteger(v3.value)) rem.retries = v3.value;
              else at(v3, `${w3} must be an integer (negative: without limit)`);
            } else if (k3 === 'strategy') rem.strategy = oneOf(v3, w3, ['rollback', 'uninstall'] as const);
            else if (k3 === 'remediateLastFailure') rem.remediateLastFailure = bool(v3, w3);
            else bool(v3, w3);
          });
        }
      });
    });
    return out as FluxConfig;
  };

  const options = (items: Pair<Node, Node>[], allowed: readonly string[], where: string, target: ChartOptions & { path?: string }) => {
    for (const p of items) {
      const key = keyOf(p);
      if (key === undefined) continue;
      const w = where ? `${where}.${key}` : key;
      const v = p.value;
      if (!allowed.includes(key)) {
        at(p.key, `unknown key "${key}"${where ? ` in ${where}` : ''}${suggest(key, allowed)}; known keys: ${allowed.join(', ')}`);
        continue;
      }
      switch (key) {
        case 'charts':
        case 'ignore':
          break; // top level, read below
        case 'path':
        case 'releaseName':
        case 'namespace':
        case 'baseRef':
          target[key] = str(v, w);
          break;
        case 'kubeVersion': {
          const s = str(v, w);
          // Helm's --kube-version: a semantic version, "v" optional (chartutil.ParseKubeVersion).
          if (s !== undefined && !/^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(s)) at(v, `${w}: "${s}" is not a Kubernetes version (like v1.34.0)`);
          else target.kubeVersion = s;
          break;
        }
        case 'valuesFiles':
          target.valuesFiles = strList(v, w);
          break;
        case 'baseRefs': {
          const list = strList(v, w);
          if (list && list.length === 0) at(v, `${w}: name at least one base (or leave it out for HEAD and the upstream merge-base)`);
          else target.baseRefs = list;
          break;
        }
        case 'apiVersions': {
          const list = strList(v, w);
          if (list) {
            const bad = list.findIndex((a) => !/^[A-Za-z0-9.-]+(\/[A-Za-z0-9.-]+){0,2}$/.test(a));
            if (bad >= 0) at((v as { items: Node[] }).items[bad], `${w}[${bad}]: "${list[bad]}" is not an API version (group/version, or group/version/Kind)`);
            else target.apiVersions = list;
          }
          break;
        }
        case 'deployer': {
          const s = str(v, w);
          if (s !== undefined && !(DEPLOYERS as readonly string[]).includes(s)) at(v, `${w}: "${s}" is not a deployer${suggest(s, DEPLOYERS)}; one of ${DEPLOYERS.join(', ')}`);
          else if (s !== undefined) target.deployer = s as Deployer;
          break;
        }
        case 'applyMode': {
          const s = str(v, w);
          if (s !== undefined && !(APPLY_MODES as readonly string[]).includes(s)) at(v, `${w}: "${s}" is not an apply mode${suggest(s, APPLY_MODES)}; one of ${APPLY_MODES.join(', ')}`);
          else if (s !== undefined) target.applyMode = s as ApplyMode;
          break;
        }
        case 'flux':
          target.flux = flux(v, w, target);
          break;
        case 'set': {
          const items2 = pairs(v, w);
          if (!items2) break;
          const set: string[] = [];
          const setString: string[] = [];
          for (const sp of items2) {
            const k = keyOf(sp);
            if (k === undefined) continue;
            const val = sp.value;
            if (!isScalar(val)) {
              at(val ?? sp.key, `${w}.${k} must be a string, number, boolean or null (as --set takes them)`);
              continue;
            }
            if (typeof val.value === 'string') setString.push(`${k}=${escapeSetValue(val.value)}`);
            else set.push(`${k}=${val.value === null ? 'null' : String(val.value)}`);
          }
          target.set = set;
          target.setString = setString;
          break;
        }
        case 'rules': {
          const items2 = pairs(v, w);
          if (!items2) break;
          const rules: Record<string, RuleLevel> = {};
          for (const rp of items2) {
            const id = keyOf(rp);
            if (id === undefined) continue;
            if (!ruleIds.includes(id)) {
              at(rp.key, `${w}: unknown rule "${id}"${suggest(id, ruleIds)}`);
              continue;
            }
            const level = isScalar(rp.value) ? rp.value.value : undefined;
            if (typeof level !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(level)) {
              at(rp.value ?? rp.key, `${w}.${id}: must be one of ${RULE_SETTINGS.join(', ')}`);
              continue;
            }
            rules[id] = level as RuleLevel;
          }
          target.rules = rules;
          break;
        }
      }
    }
  };

  const top = root.items as Pair<Node, Node>[];
  options(top, TOP_KEYS, '', config.defaults);
  const chartsNode = root.get('charts', true) as Node | undefined;
  if (chartsNode !== undefined) {
    if (!isSeq(chartsNode)) at(chartsNode, 'charts must be a list of entries with a path');
    else
      chartsNode.items.forEach((item, i) => {
        const items = pairs(item, `charts[${i}]`);
        if (!items) return;
        const entry: ChartOptions & { path?: string } = {};
        options(items, CHART_KEYS, `charts[${i}]`, entry);
        if (entry.path === undefined) {
          if (!items.some((p) => isScalar(p.key) && p.key.value === 'path')) at(item as Node, `charts[${i}] needs a path (a glob relative to ${path.basename(file)})`);
          return;
        }
        config.charts.push(entry as ChartEntry);
      });
  }
  const ignoreNode = root.get('ignore', true) as Node | undefined;
  if (ignoreNode !== undefined) config.ignore = strList(ignoreNode, 'ignore') ?? [];

  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return problems.length > 0 ? { problems } : { config, problems };
}

export interface ResolvedChart {
  /** The chart matches an `ignore` glob. */
  ignored: boolean;
  /** Index of the matching `charts` entry, if any. */
  entry?: number;
  /** Defaults merged with the entry; values files as absolute paths. */
  options: ChartOptions;
}

/** What the config says about one chart folder: the first `charts` entry whose glob matches wins. */
export function resolveChart(config: RepoConfig, chartDir: string): ResolvedChart {
  const rel = path.relative(config.dir, path.resolve(chartDir)).split(path.sep).join('/');
  const inside = !rel.startsWith('..') && !path.isAbsolute(rel);
  const ignored = inside && config.ignore.some((g) => folderMatches(g, rel));
  const entry = inside ? config.charts.findIndex((c) => folderMatches(c.path, rel)) : -1;
  const { path: _glob, ...own } = entry >= 0 ? config.charts[entry] : { path: '' };
  const options = mergeOptions(config.defaults, own);
  if (options.valuesFiles) options.valuesFiles = options.valuesFiles.map((f) => path.resolve(chartDir, f));
  if (options.baseRef && isArchivePath(options.baseRef)) options.baseRef = path.resolve(config.dir, options.baseRef);
  if (options.baseRefs) options.baseRefs = options.baseRefs.map((r) => (isArchivePath(r) ? path.resolve(config.dir, r) : r));
  return { ignored, entry: entry >= 0 ? entry : undefined, options };
}

/** The configured bases, or undefined for the default (HEAD plus the upstream merge-base). */
export function configuredBaseRefs(o: ChartOptions): string[] | undefined {
  if (o.baseRefs?.length) return o.baseRefs;
  return o.baseRef ? [o.baseRef] : undefined;
}

/** A base that names a packaged chart file rather than a git ref. */
export function isArchivePath(ref: string): boolean {
  return /\.(tgz|tar\.gz)$/i.test(ref) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(ref);
}

/**
 * Layers, lowest first: later layers win key by key. Rules merge per rule id; `--set` values of a higher layer
 * replace the lower layers' values for the same key (whichever of set / set-string they were given as).
 */
export function mergeOptions(...layers: ChartOptions[]): ChartOptions {
  const out: ChartOptions = {};
  for (const l of layers) {
    for (const k of ['releaseName', 'namespace', 'valuesFiles', 'deployer', 'applyMode', 'kubeVersion', 'apiVersions'] as const) {
      if (l[k] !== undefined) (out as Record<string, unknown>)[k] = l[k];
    }
    // One layer's bases replace the lower layers' (a single baseRef is a list of one).
    if (l.baseRefs !== undefined || l.baseRef !== undefined) {
      delete out.baseRef;
      delete out.baseRefs;
      if (l.baseRefs !== undefined) out.baseRefs = l.baseRefs;
      if (l.baseRef !== undefined) out.baseRef = l.baseRef;
    }
    if (l.rules) out.rules = { ...out.rules, ...l.rules };
    // Per action: a chart entry's `flux.upgrade` replaces the defaults' `flux.upgrade`, other actions stay.
    if (l.flux) out.flux = { ...out.flux, ...l.flux };
    if (l.set?.length || l.setString?.length) {
      const keys = new Set([...(l.set ?? []), ...(l.setString ?? [])].map(setKey));
      const keep = (list?: string[]) => (list ?? []).filter((e) => !keys.has(setKey(e)));
      out.set = [...keep(out.set), ...(l.set ?? [])];
      out.setString = [...keep(out.setString), ...(l.setString ?? [])];
    }
  }
  return out;
}

/** The keys of a HelmRelease's spec that `flux` models, per action. */
const HELMRELEASE_KEYS: Record<string, Record<string, 'boolean' | 'object' | 'mode'>> = {
  install: { disableHooks: 'boolean', disableTakeOwnership: 'boolean', serverSideApply: 'boolean', strategy: 'object', remediation: 'object' },
  upgrade: { disableHooks: 'boolean', disableTakeOwnership: 'boolean', serverSideApply: 'mode', strategy: 'object', remediation: 'object' },
  rollback: { disableHooks: 'boolean', serverSideApply: 'mode' },
  uninstall: { disableHooks: 'boolean' },
};

/**
 * `flux` from a HelmRelease manifest (helm.toolkit.fluxcd.io, kind HelmRelease): its spec's install, upgrade, rollback
 * and uninstall keys that the analysis models; everything else in the spec is Flux's business and ignored. `name`
 * picks one HelmRelease when the file has several. Problems are plain messages: the caller locates them at its key.
 */
export function helmReleaseSettings(text: string, name?: string): { flux?: FluxConfig; problem?: string } {
  let docs: unknown[];
  try {
    docs = parseAllDocuments(text).map((d) => {
      if (d.errors.length) throw new Error(d.errors[0].message.split('\n')[0]);
      return d.toJS();
    });
  } catch (e) {
    return { problem: `invalid YAML: ${(e as Error).message}` };
  }
  const releases = docs.filter(
    (d): d is { metadata?: { name?: unknown }; spec?: Record<string, unknown> } =>
      !!d && typeof d === 'object' && (d as { kind?: unknown }).kind === 'HelmRelease' && String((d as { apiVersion?: unknown }).apiVersion ?? '').startsWith('helm.toolkit.fluxcd.io/'),
  );
  const named = name === undefined ? releases : releases.filter((r) => r.metadata?.name === name);
  if (named.length === 0) return { problem: name === undefined ? 'no HelmRelease (helm.toolkit.fluxcd.io) in the file' : `no HelmRelease named "${name}" in the file` };
  if (named.length > 1) return { problem: `${named.length} HelmReleases in the file (${named.map((r) => r.metadata?.name).join(', ')}): name one with #<name>` };
  const spec = named[0].spec ?? {};
  const out: Record<string, Record<string, unknown>> = {};
  for (const [action, keys] of Object.entries(HELMRELEASE_KEYS)) {
    const a = spec[action];
    if (a === undefined || a === null) continue;
    if (typeof a !== 'object') return { problem: `spec.${action} is not a mapping` };
    const picked: Record<string, unknown> = {};
    for (const [k, type] of Object.entries(keys)) {
      const v = (a as Record<string, unknown>)[k];
      if (v === undefined) continue;
      const ok = type === 'boolean' ? typeof v === 'boolean' : type === 'mode' ? v === 'enabled' || v === 'disabled' || v === 'auto' : !!v && typeof v === 'object';
      if (!ok) return { problem: `spec.${action}.${k} must be ${type === 'boolean' ? 'true or false' : type === 'mode' ? 'enabled, disabled or auto' : 'a mapping'}` };
      picked[k] = v;
    }
    const rem = picked.remediation as Record<string, unknown> | undefined;
    if (rem && rem.retries !== undefined && !Number.isInteger(rem.retries)) return { problem: `spec.${action}.remediation.retries must be an integer` };
    if (rem && rem.strategy !== undefined && rem.strategy !== 'rollback' && rem.strategy !== 'uninstall') return { problem: `spec.${action}.remediation.strategy must be rollback or uninstall` };
    const st = picked.strategy as Record<string, unknown> | undefined;
    if (st && st.name !== undefined && st.name !== 'RemediateOnFailure' && st.name !== 'RetryOnFailure') return { problem: `spec.${action}.strategy.name must be RemediateOnFailure or RetryOnFailure` };
    out[action] = picked;
  }
  return { flux: out as FluxConfig };
}

/** `flux` over `base` (from a HelmRelease): the config's keys win, down to each remediation and strategy key. */
export function mergeFlux(base: FluxConfig, over: FluxConfig = {}): FluxConfig {
  const out: Record<string, unknown> = { ...base };
  for (const [action, v] of Object.entries(over) as [keyof FluxConfig, Record<string, unknown>][]) {
    const b = (base[action] ?? {}) as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...b, ...v };
    for (const k of ['strategy', 'remediation']) if (b[k] || v[k]) merged[k] = { ...(b[k] as object), ...(v[k] as object) };
    out[action] = merged;
  }
  return out as FluxConfig;
}
