// Renders a whole chart in process the way `helm template` does (Helm 3.17.3, or 4.1.4 with `helmMajor: 4`), with
// provenance.

import { GoStruct, Int64, TemplateFile, TemplateGroup, YamlError, compareSemver, formatFloat, parseSemver, parseYamlValues, parseYamlValuesCached, resetGenerators, semverCompare, type GoMap, type Value, type ValueRef } from '../engine';
import { KubeVersionError, makeCapabilities } from './capabilities';
import { makeFiles } from './files';
import { LoadedChart, loadChart } from './load';
import { locateInYaml, toJson, validateValues } from './schema';
import { displayError, validateValues4 } from './schema4';
import type { ChartFiles, RenderError, RenderOptions, RenderedChart, RenderedTemplate, SourceSpan } from './types';
import { SetParseError, ValuesChart, coalesceChartValues, coalesceTables, copyDeep, mergeChartValues, mergeMaps, parseSet, pathValue } from './values';

function valuesMap(entries: [string, Value][], goType?: string): GoMap {
  const m: GoMap = new Map(entries);
  if (goType) (m as { goType?: string }).goType = goType;
  return m;
}

/** Chart.yaml fields in chart.Metadata order, with their json names. */
const METADATA_FIELDS: [string, string, 'string' | 'list' | 'bool' | 'map'][] = [
  ['Name', 'name', 'string'], ['Home', 'home', 'string'], ['Sources', 'sources', 'list'], ['Version', 'version', 'string'], ['Description', 'description', 'string'],
  ['Keywords', 'keywords', 'list'], ['Maintainers', 'maintainers', 'list'], ['Icon', 'icon', 'string'], ['APIVersion', 'apiVersion', 'string'],
  ['Condition', 'condition', 'string'], ['Tags', 'tags', 'string'], ['AppVersion', 'appVersion', 'string'], ['Deprecated', 'deprecated', 'bool'],
  ['Annotations', 'annotations', 'map'], ['KubeVersion', 'kubeVersion', 'string'], ['Dependencies', 'dependencies', 'list'], ['Type', 'type', 'string'],
];

function makeChartStruct(c: LoadedChart, isRoot: boolean): GoStruct {
  const fields = new Map<string, Value>();
  const json = new Map<string, Value>();
  for (const [goName, jsonName, kind] of METADATA_FIELDS) {
    let v = goName === 'Name' ? c.name : c.metadata.get(jsonName);
    if (kind === 'string') v = typeof v === 'string' ? v : typeof v === 'number' ? formatFloat(v, 'g', -1) : typeof v === 'boolean' ? String(v) : '';
    else if (kind === 'list') v = Array.isArray(v) ? v : [];
    else if (kind === 'bool') v = v === true;
    else v = v instanceof Map ? v : new Map();
    fields.set(goName, v);
    const empty = v === '' || v === false || (Array.isArray(v) && v.length === 0) || (v instanceof Map && v.size === 0);
    if (!empty) json.set(jsonName, v);
  }
  fields.set('IsRoot', isRoot);
  json.set('IsRoot', isRoot);
  const print = (): string => {
    const parts = [...fields.entries()].filter(([k]) => k !== 'IsRoot').map(([, v]) => fmtField(v));
    return `{{${parts.join(' ')}} ${isRoot}}`;
  };
  return new GoStruct('struct { chart.Metadata; IsRoot bool }', fields, {}, print, undefined, () => json);
}

/**
 * Helm 4's `.Chart`: a map made from chart.Metadata by reflection (pkg/chart/common.go structToMap at v4.1.4): Go
 * field names, every field present, nested structs (maintainers, dependencies) as maps, plus IsRoot.
 */
function makeChartMap(c: LoadedChart, isRoot: boolean): GoMap {
  const m: GoMap = new Map();
  const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? formatFloat(v, 'g', -1) : typeof v === 'boolean' ? String(v) : '');
  const list = (v: unknown): Value[] => (Array.isArray(v) ? (v as Value[]) : []);
  const fields = (v: unknown, names: [string, string, 'string' | 'list' | 'bool'][]): GoMap => {
    const src = v instanceof Map ? v : new Map();
    return new Map(names.map(([go, json, kind]) => [go, kind === 'string' ? s(src.get(json)) : kind === 'bool' ? src.get(json) === true : list(src.get(json))]));
  };
  const enabled = new Set(c.dependencies.map((d) => d.name));
  for (const [goName, jsonName, kind] of METADATA_FIELDS) {
    const v = goName === 'Name' ? c.name : c.metadata.get(jsonName);
    if (goName === 'Maintainers') m.set(goName, list(v).map((x) => fields(x, [['Name', 'name', 'string'], ['Email', 'email', 'string'], ['URL', 'url', 'string']])));
    else if (goName === 'Dependencies') {
      m.set(
        goName,
        list(v).map((x) => {
          const d = fields(x, [['Name', 'name', 'string'], ['Version', 'version', 'string'], ['Repository', 'repository', 'string'], ['Condition', 'condition', 'string'], ['Tags', 'tags', 'list'], ['Enabled', 'enabled', 'bool'], ['ImportValues', 'import-values', 'list'], ['Alias', 'alias', 'string']]);
          d.set('Enabled', enabled.has(s(d.get('Alias')) || s(d.get('Name'))));
          return d;
        }),
      );
    } else if (kind === 'string') m.set(goName, s(v));
    else if (kind === 'list') m.set(goName, list(v));
    else if (kind === 'bool') m.set(goName, v === true);
    else m.set(goName, v instanceof Map ? v : null);
  }
  m.set('IsRoot', isRoot);
  return m;
}

function fmtField(v: Value): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return '[' + v.map((x) => (typeof x === 'string' ? x : '')).join(' ') + ']';
  if (v instanceof Map) return 'map[' + [...v.keys()].sort().map((k) => `${k}:${String(v.get(k))}`).join(' ') + ']';
  return String(v);
}

// ---- dependencies (chartutil.ProcessDependencies: conditions, tags, aliases) ----

function compatible(constraint: string, version: string): boolean {
  if (!constraint) return false;
  try {
    parseSemver(version);
    return semverCompare(constraint, version);
  } catch {
    return false;
  }
}
void compareSemver;

function toValuesChart(c: LoadedChart): ValuesChart {
  return { name: c.name, values: c.values, dependencies: c.subcharts.map(toValuesChart) };
}

/** Applies aliases and removes disabled subcharts (conditions, tags), recursively. */
function processDependencyEnabled(c: LoadedChart, user: GoMap, path: string): void {
  if (c.dependencies.length === 0) return;
  const chartDeps: LoadedChart[] = [];
  const version = (x: LoadedChart): string => (typeof x.metadata.get('version') === 'string' ? (x.metadata.get('version') as string) : '');
  outer: for (const existing of c.subcharts) {
    for (const req of c.dependencies) if (existing.name === req.name && compatible(req.version, version(existing))) continue outer;
    chartDeps.push(existing);
  }
  for (const req of c.dependencies) {
    const found = c.subcharts.find((x) => x.name === req.name && compatible(req.version, version(x)));
    if (found) chartDeps.push(req.alias ? { ...found, name: req.alias } : found);
    if (req.alias) req.name = req.alias;
  }
  c.subcharts = chartDeps;
  const enabled = new Map<Dependency, boolean>();
  const cvals = coalesceChartValues(toValuesChart(c), user);
  const tags = cvals.get('tags');
  for (const r of c.dependencies) {
    let on = true;
    if (tags instanceof Map && r.tags.length) {
      let hasTrue = false;
      let hasFalse = false;
      for (const t of r.tags) {
        const tv = tags.get(t);
        if (tv === true) hasTrue = true;
        else if (tv === false) hasFalse = true;
      }
      on = !(!hasTrue && hasFalse);
    }
    if (r.condition) {
      for (const cond of r.condition.split(',')) {
        const pv = pathValue(cvals, path + cond.trim());
        if (pv.ok && typeof pv.value === 'boolean') {
          on = pv.value;
          break;
        }
      }
    }
    enabled.set(r, on);
  }
  const removed = new Set(c.dependencies.filter((r) => !enabled.get(r)).map((r) => r.name));
  c.subcharts = c.subcharts.filter((s) => !removed.has(s.name));
  c.dependencies = c.dependencies.filter((r) => !removed.has(r.name));
  for (const t of c.subcharts) processDependencyEnabled(t, cvals, path + t.name + '.');
}
type Dependency = LoadedChart['dependencies'][number];

/** chartutil.Values.Table: the table at a dotted path, or undefined. */
function table(v: GoMap, path: string): GoMap | undefined {
  let cur: GoMap = v;
  for (const n of path.split('.')) {
    const x = cur.get(n);
    if (!(x instanceof Map)) return undefined;
    cur = x;
  }
  return cur;
}

/** chartutil pathToMap: nests `data` under a dotted path ('.' is the root). */
function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  let cur: GoMap = data;
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i--) cur = new Map([[parts[i], cur]]);
  return cur;
}

/**
 * chartutil.processDependencyImportValues with merge (Helm 3.17): children first; each `import-values` entry (a
 * string `x` for the child's `exports.x`, or `{child, parent}`) is merged under the parent's values, which win. The
 * chart's values become its merged values (subchart defaults included), as in Helm.
 */
function processImportValues(c: LoadedChart): void {
  for (const d of c.subcharts) processImportValues(d);
  if (c.dependencies.length === 0) return;
  const cvals = mergeChartValues(toValuesChart(c), new Map());
  let b: GoMap = new Map();
  for (const r of c.dependencies) {
    for (const iv of r.importValues) {
      if (iv instanceof Map) {
        const child = iv.get('child');
        const parent = iv.get('parent');
        if (typeof child !== 'string' || typeof parent !== 'string') continue;
        const vv = table(cvals, r.name + '.' + child);
        if (vv) b = coalesceTables(b, pathToMap(parent, copyDeep(vv) as GoMap), true);
      } else if (typeof iv === 'string') {
        const vm = table(cvals, r.name + '.exports.' + iv);
        if (vm) b = coalesceTables(b, copyDeep(vm) as GoMap, true);
      }
    }
  }
  c.values = coalesceTables(copyDeep(cvals) as GoMap, b, true);
}

// ---- rendering ----

export interface Renderable {
  file: TemplateFile;
  dot: GoMap;
  basePath: string;
}

/** recAllTpls: the dot of every template, per chart. */
function collectTemplates(c: LoadedChart, parentDot: GoMap, isRoot: boolean, fullPath: string, out: Renderable[], major: 3 | 4): GoMap {
  const subcharts: GoMap = new Map();
  const dot = valuesMap(
    [
      ['Chart', major === 4 ? makeChartMap(c, isRoot) : makeChartStruct(c, isRoot)],
      ['Files', makeFiles(c.files)],
      ['Release', parentDot.get('Release') ?? null],
      ['Capabilities', parentDot.get('Capabilities') ?? null],
      ['Values', valuesMap([], 'chartutil.Values')],
      ['Subcharts', subcharts],
    ],
    'chartutil.Values',
  );
  const pv = parentDot.get('Values');
  if (isRoot) dot.set('Values', pv ?? null);
  else if (pv instanceof Map) {
    const mine = pv.get(c.name);
    if (mine instanceof Map) {
      (mine as { goType?: string }).goType = 'chartutil.Values';
      dot.set('Values', mine);
    }
  }
  for (const child of c.subcharts) subcharts.set(child.name, collectTemplates(child, dot, false, `${fullPath}/charts/${child.name}`, out, major));
  for (const t of c.templates) {
    const base = t.name.slice(t.name.lastIndexOf('/') + 1);
    // Library charts only contribute partials.
    if (c.isLibrary && !base.startsWith('_')) continue;
    out.push({ file: { name: `${fullPath}/${t.name}`, path: t.path, text: t.text }, dot, basePath: `${fullPath}/templates` });
  }
  return dot;
}

function userValues(opts: RenderOptions, errors: RenderError[]): GoMap {
  let base: GoMap = new Map();
  for (const f of opts.valuesFiles ?? []) {
    try {
      const v = parseYamlValuesCached(f.text);
      if (v instanceof Map) base = mergeMaps(base, v);
    } catch (e) {
      const off = e instanceof YamlError ? e.offset : 0;
      errors.push({ message: `failed to parse ${f.path}: error converting YAML to JSON: ${(e as Error).message}`, span: { path: f.path, start: off, end: Math.min(f.text.length, off + 1) } });
      try {
        const v = parseYamlValues(f.text, true); // what the parser recovered: one root cause, one finding
        if (v instanceof Map) base = mergeMaps(base, v);
      } catch {
        // nothing recovered
      }
    }
  }
  const sets = [...(opts.set ?? []).map((s) => [s, false] as const), ...(opts.setString ?? []).map((s) => [s, true] as const)];
  for (const [s, strings] of sets) {
    try {
      parseSet(s, base, strings);
    } catch (e) {
      if (!(e instanceof SetParseError)) throw e;
      errors.push({ message: `failed parsing --set${strings ? '-string' : ''} data: ${e.message}`, span: { path: '', start: 0, end: 0 } });
    }
  }
  return base;
}

/**
 * Locates a ValueRef (a .Values map and a key path) in the values texts: the chart the map belongs to gives the full
 * path from the top; the last -f file that sets it wins, then the values.yaml of the top chart down to the owner.
 */
function valueLocator(top: LoadedChart, values: GoMap, opts: RenderOptions): (ref: ValueRef) => SourceSpan | undefined {
  const owners = new Map<GoMap, { chain: LoadedChart[]; at: string[] }>();
  const walk = (c: LoadedChart, v: GoMap, chain: LoadedChart[], at: string[]): void => {
    owners.set(v, { chain: [...chain, c], at });
    for (const sub of c.subcharts) {
      const sv = v.get(sub.name);
      if (sv instanceof Map) walk(sub, sv, [...chain, c], [...at, sub.name]);
    }
  };
  walk(top, values, [], []);
  const cache = new Map<string, SourceSpan | undefined>();
  return (ref) => {
    const owner = owners.get(ref.values);
    if (!owner) return undefined;
    const full = [...owner.at, ...ref.path];
    const key = full.join('\0');
    if (cache.has(key)) return cache.get(key);
    let found: SourceSpan | undefined;
    for (const f of [...(opts.valuesFiles ?? [])].reverse()) {
      const r = locateInYaml(f.text, full);
      if (r) {
        found = { path: f.path, ...r };
        break;
      }
    }
    for (let i = 0; !found && i < owner.chain.length; i++) {
      const c = owner.chain[i];
      if (c.valuesText === undefined) continue;
      const r = locateInYaml(c.valuesText, full.slice(i));
      if (r) found = { path: c.prefix + 'values.yaml', ...r };
    }
    cache.set(key, found);
    return found;
  };
}

/** chartutil.ValidateAgainstSchema: each chart's values against its values.schema.json, located in the values files. */
function validateSchemas(c: LoadedChart, values: GoMap, at: string[], opts: RenderOptions, errors: RenderError[]): void {
  if (c.schema !== undefined) {
    const schemaPath = c.prefix + 'values.schema.json';
    // Each violation: the lines Helm prints for it, and where the value is.
    let violations: { path: string[]; text: string }[] = [];
    try {
      // Helm 4 prints santhosh-tekuri/jsonschema's error tree: one top-level error with its causes; Helm 3 one line.
      violations =
        (opts.helmMajor ?? 3) === 4
          ? validateValues4(c.schema, toJson(values)).map((e) => ({ path: e.path, text: displayError(e).join('\n') }))
          : validateValues(c.schema, values).map((v) => ({ path: v.path, text: `- ${v.field}: ${v.description}` }));
    } catch (e) {
      errors.push({ message: `${c.name}: invalid values.schema.json: ${(e as Error).message}`, span: { path: schemaPath, start: 0, end: 0 } });
    }
    for (const v of violations) {
      let span: RenderError['span'] | undefined;
      const full = [...at, ...v.path];
      // A violation of the whole values (a missing top-level key) is reported on the schema.
      for (const f of full.length ? [...(opts.valuesFiles ?? [])].reverse() : []) {
        const r = locateInYaml(f.text, full);
        if (r) {
          span = { path: f.path, ...r };
          break;
        }
      }
      if (!span && full.length && c.valuesText !== undefined) {
        const r = locateInYaml(c.valuesText, v.path);
        if (r) span = { path: c.prefix + 'values.yaml', ...r };
      }
      errors.push({
        message: `values don't meet the specifications of the schema(s) in the following chart(s):\n${c.name}:\n${v.text}\n`,
        span: span ?? { path: schemaPath, start: 0, end: 0 },
      });
    }
  }
  for (const sub of c.subcharts) {
    const sv = values.get(sub.name);
    if (sv instanceof Map) validateSchemas(sub, sv, [...at, sub.name], opts, errors);
  }
}

/**
 * engine.sortTemplates: Helm executes the templates deepest path first ('/' count), and among equal depths in reverse
 * byte order of their names; execution order matters when templates change shared values.
 */
function helmExecutionOrder(rs: Renderable[]): Renderable[] {
  const depth = (n: string): number => {
    let c = 0;
    for (let i = 0; i < n.length; i++) if (n.charCodeAt(i) === 47) c++;
    return c;
  };
  const byteCmp = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return [...rs].sort((a, b) => depth(b.file.name) - depth(a.file.name) || byteCmp(b.file.name, a.file.name));
}

/**
 * Helm 4.1.4 loads charts of apiVersion v1, v2 (or none) as before, refuses a v3 chart in install/template
 * ("invalid chart apiVersion", pkg/action/install.go) and any other value in the loader ("unsupported chart version",
 * pkg/chart/loader/load.go). Helm 3.17 renders them all.
 */
function refusedApiVersion(top: LoadedChart, chart: ChartFiles): RenderError | undefined {
  const v = top.metadata.get('apiVersion');
  const text = typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
  if (text === '' || text === 'v1' || text === 'v2') return undefined;
  const at = locateInYaml(chart.files.get('Chart.yaml') ?? '', ['apiVersion']);
  const message = text === 'v3' ? 'invalid chart apiVersion' : 'unsupported chart version';
  return { message, span: { path: 'Chart.yaml', start: at?.start ?? 0, end: at?.end ?? 0 } };
}

/** A render with what an incremental render of it needs: the templates in execution order, their group and dots. */
export interface RenderState {
  rendered: RenderedChart;
  /** The templates executed (not partials, not NOTES.txt), in Helm's execution order. */
  executed: Renderable[];
  /** Every template file of the group (partials too). */
  files: TemplateFile[];
  group: TemplateGroup;
  resolveValue: (ref: ValueRef) => SourceSpan | undefined;
}

export type TemplateFuncs = ConstructorParameters<typeof TemplateGroup>[1];

export interface RenderHooks {
  funcs?: TemplateFuncs;
  /** Runs around every template's execution (incremental.ts watches what templates do through it). */
  each?: (r: Renderable, run: () => void) => void;
  /** False: no ProvenanceSegment.value. Locating values parses every values file with positions, and only hovers
   *  show them, so the CLI goes without. */
  locateValues?: boolean;
}

export function renderChartState(chart: ChartFiles, opts: RenderOptions, hooks: RenderHooks = {}): RenderState {
  const { funcs, each } = hooks;
  const errors: RenderError[] = [];
  resetGenerators();
  const top = loadChart(chart, '', 'chart', errors);
  const major = opts.helmMajor ?? 3;
  const refused = major === 4 ? refusedApiVersion(top, chart) : undefined;
  if (refused) {
    const rendered = { chartName: top.name, templates: [], errors: [...errors, refused] };
    return { rendered, executed: [], files: [], group: new TemplateGroup([], funcs, { helmMajor: major }), resolveValue: () => undefined };
  }
  const user = userValues(opts, errors);
  try {
    processDependencyEnabled(top, user, '');
    processImportValues(top);
  } catch (e) {
    errors.push({ message: (e as Error).message, span: { path: 'Chart.yaml', start: 0, end: 0 } });
  }
  let values: GoMap;
  try {
    values = coalesceChartValues(toValuesChart(top), user);
  } catch (e) {
    errors.push({ message: (e as Error).message, span: { path: 'values.yaml', start: 0, end: 0 } });
    values = copyDeep(user) as GoMap;
  }
  (values as { goType?: string }).goType = 'chartutil.Values';
  validateSchemas(top, values, [], opts, errors);

  let capabilities;
  try {
    capabilities = makeCapabilities(major, opts.kubeVersion, opts.apiVersions);
  } catch (e) {
    if (!(e instanceof KubeVersionError)) throw e;
    errors.push({ message: e.message, span: { path: '', start: 0, end: 0 } });
    capabilities = makeCapabilities(major, undefined, opts.apiVersions);
  }
  const release = valuesMap([
    ['Name', opts.releaseName],
    ['Namespace', opts.namespace],
    ['IsUpgrade', opts.isUpgrade === true],
    ['IsInstall', opts.isUpgrade !== true],
    ['Revision', BigInt(Math.max(1, Math.trunc(opts.revision ?? 1)))],
    ['Service', 'Helm'],
  ]);
  const rootDot = valuesMap([
    ['Release', release],
    ['Capabilities', capabilities],
    ['Values', values],
  ]);
  const renderables: Renderable[] = [];
  collectTemplates(top, rootDot, true, top.name, renderables, major);
  const resolveValue = hooks.locateValues === false ? () => undefined : valueLocator(top, values, opts);
  const files = renderables.map((r) => r.file);
  const group = new TemplateGroup(files, funcs, { helmMajor: major });

  // Files that are parsed but not rendered (partials, NOTES.txt): a parse error there still fails Helm's render.
  for (const r of renderables) {
    const base = r.file.name.slice(r.file.name.lastIndexOf('/') + 1);
    const pe = group.parseErrors.get(r.file.name);
    if (pe && (base.startsWith('_') || base === 'NOTES.txt')) errors.push(pe);
  }
  const templates: RenderedTemplate[] = [];
  const executed: Renderable[] = [];
  for (const r of helmExecutionOrder(renderables)) {
    const base = r.file.name.slice(r.file.name.lastIndexOf('/') + 1);
    if (base.startsWith('_') || base === 'NOTES.txt') continue;
    executed.push(r);
    const run = () => templates.push(renderOne(group, r, resolveValue));
    if (each) each(r, run);
    else run();
  }
  templates.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  void Int64;
  return { rendered: { chartName: top.name, templates, errors }, executed, files, group, resolveValue };
}

/** Executes one template on its chart's shared dot. */
export function renderOne(group: TemplateGroup, r: Renderable, resolveValue: (ref: ValueRef) => SourceSpan | undefined): RenderedTemplate {
  // Helm sets .Template on the chart's shared dot right before executing each file; a template that changes the
  // dot (`set $ "Values" ...`, as istio's zzz_profile.yaml does) changes it for the chart's later templates.
  r.dot.set('Template', valuesMap([['Name', r.file.name], ['BasePath', r.basePath]], 'chartutil.Values'));
  const res = group.render(r.file.name, r.dot, resolveValue);
  return { path: r.file.path, sourceName: r.file.name, output: res.output, segments: res.segments, ...(res.error ? { error: res.error } : {}) };
}

export function renderChart(chart: ChartFiles, opts: RenderOptions, hooks?: RenderHooks): RenderedChart {
  return renderChartState(chart, opts, hooks).rendered;
}
