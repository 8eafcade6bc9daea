// Builds the chart tree Helm's loader would: Chart.yaml metadata, values.yaml, templates, other files (.Files) and
// subcharts from folders under charts/, honouring .helmignore.

import { YamlError, formatFloat, parseYamlValues, parseYamlValuesCached, type GoMap, type Value } from '../engine';
import type { ChartFiles, RenderError } from './types';
import { asText, readTgz } from './archive';

export interface Dependency {
  name: string;
  version: string;
  alias: string;
  condition: string;
  tags: string[];
  importValues: Value[];
}

export interface LoadedChart {
  /** Folder of the chart relative to the top chart root: '' or 'charts/sub/'. */
  prefix: string;
  /** Chart.yaml name (or the folder name), later replaced by a dependency alias. */
  name: string;
  /** Chart.yaml as parsed (string keys). */
  metadata: GoMap;
  values: GoMap;
  templates: { name: string; path: string; text: string }[];
  /** Non-template files, keyed relative to the chart root (what .Files sees). */
  files: Map<string, string | Uint8Array>;
  subcharts: LoadedChart[];
  dependencies: Dependency[];
  isLibrary: boolean;
  /** values.yaml text, when the chart has one (to locate values). */
  valuesText?: string;
  /** values.schema.json text, when the chart has one. */
  schema?: string;
}

/**
 * A .helmignore rule set, exactly as Helm's pkg/ignore evaluates it: rules in order, the first positive match ignores;
 * a negated rule (`!p`) ignores everything it does NOT match (Helm's documented-in-code quirk), and lets a match
 * through to the later rules. `dir/` rules only apply to directories; rules without '/' match the base name.
 */
export class IgnoreRules {
  private rules: { re: RegExp; negate: boolean; mustDir: boolean; basename: boolean }[] = [];
  /** Set when Helm would refuse the file (it then fails to load the chart). */
  readonly error?: string;
  constructor(text: string) {
    for (let line of text.split(/\r?\n/)) {
      line = line.trim();
      if (!line || line.startsWith('#')) continue;
      if (line.includes('**')) {
        this.error = 'double-star (**) syntax is not supported';
        break;
      }
      let negate = false;
      if (line.startsWith('!')) {
        negate = true;
        line = line.slice(1);
      }
      let mustDir = false;
      if (line.endsWith('/')) {
        mustDir = true;
        line = line.slice(0, -1);
      }
      const anchored = line.startsWith('/');
      if (anchored) line = line.slice(1);
      this.rules.push({ re: globToRegex(line), negate, mustDir, basename: !anchored && !line.includes('/') });
    }
    // rules.AddDefaults(): dotfiles in templates/.
    this.rules.push({ re: globToRegex('templates/.?*'), negate: false, mustDir: false, basename: false });
  }

  /** Whether a file (chart-relative path) is ignored, directly or through one of its folders (Helm skips those). */
  ignored(path: string): boolean {
    let i = path.indexOf('/');
    while (i >= 0) {
      if (this.match(path.slice(0, i), true)) return true;
      i = path.indexOf('/', i + 1);
    }
    return this.match(path, false);
  }

  private match(p: string, isDir: boolean): boolean {
    for (const r of this.rules) {
      const target = r.basename ? p.slice(p.lastIndexOf('/') + 1) : p;
      if (r.negate) {
        if (r.mustDir && !isDir) return true;
        if (!r.re.test(target)) return true;
        continue;
      }
      if (r.mustDir && !isDir) continue;
      if (r.re.test(target)) return true;
    }
    return false;
  }
}

/** Go's filepath.Match pattern as a RegExp. */
export function globToRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const j = glob.indexOf(']', i + 1);
      if (j < 0) {
        re += '\\[';
        continue;
      }
      let cls = glob.slice(i + 1, j);
      if (cls.startsWith('^') || cls.startsWith('!')) cls = '^' + cls.slice(1);
      re += '[' + cls.replace(/\\/g, '\\\\') + ']';
      i = j;
    } else if (c === '\\' && i + 1 < glob.length) re += '\\' + glob[++i];
    else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

function str(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat(v, 'g', -1);
  if (typeof v === 'boolean') return String(v);
  return '';
}

function parseDependencies(meta: GoMap): Dependency[] {
  const deps = meta.get('dependencies');
  if (!Array.isArray(deps)) return [];
  const out: Dependency[] = [];
  for (const d of deps) {
    if (!(d instanceof Map)) continue;
    const tags = d.get('tags');
    const iv = d.get('import-values');
    out.push({
      name: str(d.get('name') ?? null),
      version: str(d.get('version') ?? null),
      alias: str(d.get('alias') ?? null),
      condition: str(d.get('condition') ?? null),
      tags: Array.isArray(tags) ? tags.map((t) => str(t)) : [],
      importValues: Array.isArray(iv) ? iv : [],
    });
  }
  return out;
}

function yamlError(path: string, text: string, e: unknown, what: string): RenderError {
  if (e instanceof YamlError) {
    const end = Math.min(text.length, e.offset + 1);
    return { message: `${what}: error converting YAML to JSON: ${e.message}`, span: { path, start: Math.max(0, Math.min(e.offset, end)), end } };
  }
  return { message: `${what}: ${(e as Error).message}`, span: { path, start: 0, end: 0 } };
}

/**
 * Loads the top chart from its files the way Helm's loader.LoadDir does: the top chart's .helmignore filters every
 * file (subchart folders included); subcharts come from folders and `.tgz` archives under charts/ (neither applies
 * its own .helmignore, as in Helm). `folderName` names the chart when Chart.yaml has no name.
 */
export function loadChart(files: ChartFiles, prefix: string, folderName: string, errors: RenderError[]): LoadedChart {
  const ignoreText = files.files.get(prefix + '.helmignore') ?? '';
  const ignore = new IgnoreRules(ignoreText);
  if (ignore.error) errors.push({ message: ignore.error, span: { path: prefix + '.helmignore', start: 0, end: ignoreText.length } });
  const own = new Map<string, string>();
  for (const [p, text] of files.files) {
    if (!p.startsWith(prefix)) continue;
    const rel = p.slice(prefix.length);
    if (!ignore.ignored(rel)) own.set(rel, text);
  }
  const bins = new Map<string, Uint8Array>();
  for (const [p, data] of files.binaries ?? []) {
    if (!p.startsWith(prefix)) continue;
    const rel = p.slice(prefix.length);
    if (!own.has(rel) && !ignore.ignored(rel)) bins.set(rel, data);
  }
  return loadFiles(own, bins, prefix, folderName, errors);
}

/** loader.LoadFiles: one chart from its (already filtered) files, relative to its root; `prefix` locates them. */
function loadFiles(own: Map<string, string>, bins: Map<string, Uint8Array>, prefix: string, folderName: string, errors: RenderError[]): LoadedChart {
  let metadata: GoMap = new Map();
  const chartYaml = own.get('Chart.yaml');
  if (chartYaml !== undefined) {
    try {
      const m = parseYamlValuesCached(chartYaml);
      if (m instanceof Map) metadata = m;
      else if (m !== null) errors.push({ message: `cannot load Chart.yaml: error unmarshaling JSON: json: cannot unmarshal into Go value of type chart.Metadata`, span: { path: prefix + 'Chart.yaml', start: 0, end: 0 } });
    } catch (e) {
      errors.push(yamlError(prefix + 'Chart.yaml', chartYaml, e, 'cannot load Chart.yaml'));
      try {
        const m = parseYamlValues(chartYaml, true);
        if (m instanceof Map) metadata = m;
      } catch {
        // nothing recovered
      }
    }
  } else {
    errors.push({ message: `Chart.yaml file is missing`, span: { path: prefix + 'Chart.yaml', start: 0, end: 0 } });
  }

  // requirements.yaml (deprecated) is read over Chart.yaml's metadata, whatever the apiVersion; it and
  // requirements.lock stay visible to .Files only in apiVersion v1 charts.
  // Helm 2 charts may leave apiVersion out: Helm then takes them as v1 (and .Chart.APIVersion says so).
  if (chartYaml !== undefined && str(metadata.get('apiVersion') ?? null) === '') metadata = new Map([...metadata, ['apiVersion', 'v1']]);
  const isV1 = str(metadata.get('apiVersion') ?? null) === 'v1';
  const requirementsYaml = own.get('requirements.yaml');
  if (requirementsYaml !== undefined) {
    try {
      const r = parseYamlValuesCached(requirementsYaml);
      if (r instanceof Map) metadata = new Map([...metadata, ...r]);
    } catch (e) {
      errors.push(yamlError(prefix + 'requirements.yaml', requirementsYaml, e, 'cannot load requirements.yaml'));
    }
  }

  let values: GoMap = new Map();
  const valuesYaml = own.get('values.yaml');
  if (valuesYaml !== undefined) {
    try {
      const v = parseYamlValuesCached(valuesYaml);
      if (v instanceof Map) values = v;
    } catch (e) {
      errors.push(yamlError(prefix + 'values.yaml', valuesYaml, e, 'cannot load values.yaml'));
      // One root cause, one finding: templates render with what the parser recovered, not fail on empty values.
      try {
        const v = parseYamlValues(valuesYaml, true);
        if (v instanceof Map) values = v;
      } catch {
        // nothing recovered
      }
    }
  }

  const templates: LoadedChart['templates'] = [];
  const other = new Map<string, string | Uint8Array>();
  const subFolders = new Map<string, { texts: Map<string, string>; bins: Map<string, Uint8Array> }>();
  const archives = new Map<string, Uint8Array>();
  const sub = (rel: string): { name: string; rest: string } | undefined => {
    const fname = rel.slice('charts/'.length);
    const slash = fname.indexOf('/');
    return slash > 0 ? { name: fname.slice(0, slash), rest: fname.slice(slash + 1) } : undefined;
  };
  const addSub = (rel: string, text: string | Uint8Array): boolean => {
    if (!rel.startsWith('charts/')) return false;
    if (rel.endsWith('.prov')) {
      other.set(rel, text);
      return true;
    }
    const sc = sub(rel);
    if (!sc) {
      if (rel.endsWith('.tgz') && text instanceof Uint8Array) archives.set(rel.slice('charts/'.length), text);
      return true;
    }
    if (sc.name.startsWith('_') || sc.name.startsWith('.')) return true;
    let f = subFolders.get(sc.name);
    if (!f) subFolders.set(sc.name, (f = { texts: new Map(), bins: new Map() }));
    if (typeof text === 'string') f.texts.set(sc.rest, text);
    else f.bins.set(sc.rest, text);
    return true;
  };
  for (const [rel, text] of own) {
    if (addSub(rel, text)) continue;
    if (rel === 'Chart.yaml' || rel === 'values.yaml' || rel === 'values.schema.json' || rel === 'Chart.lock') continue;
    if (!isV1 && (rel === 'requirements.yaml' || rel === 'requirements.lock')) continue;
    if (rel.startsWith('templates/')) templates.push({ name: rel, path: prefix + rel, text });
    else other.set(rel, text);
  }
  for (const [rel, data] of bins) {
    if (addSub(rel, data)) continue;
    if (!rel.startsWith('templates/')) other.set(rel, data);
  }

  const subcharts: LoadedChart[] = [];
  for (const [folder, f] of [...subFolders].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!f.texts.has('Chart.yaml')) continue;
    subcharts.push(loadFiles(f.texts, f.bins, `${prefix}charts/${folder}/`, folder, errors));
  }
  for (const [file, data] of [...archives].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const archivePath = `${prefix}charts/${file}`;
    try {
      const entries = readTgz(data);
      const texts = new Map<string, string>();
      const binaries = new Map<string, Uint8Array>();
      let base = '';
      for (const e of entries) {
        const parts = e.name.split('/');
        if (parts[0] === 'Chart.yaml') throw new Error('chart yaml not in base directory');
        const n = parts.slice(1).join('/');
        if (!n) continue;
        base ||= parts[0];
        const text = asText(e.data);
        if (text !== undefined) texts.set(n, text);
        else binaries.set(n, e.data);
      }
      if (!texts.has('Chart.yaml')) throw new Error('Chart.yaml file is missing');
      // Files inside an archive are located as `charts/<file>.tgz/<path inside the chart folder>`.
      subcharts.push(loadFiles(texts, binaries, `${archivePath}/`, base || file.replace(/\.tgz$/, ''), errors));
    } catch (e) {
      errors.push({ message: `error unpacking subchart ${file} in ${str(metadata.get('name') ?? null) || folderName}: ${(e as Error).message}`, span: { path: archivePath, start: 0, end: 0 } });
    }
  }

  const name = str(metadata.get('name') ?? null) || folderName;
  return {
    prefix,
    name,
    metadata,
    values,
    templates: templates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    files: other,
    subcharts,
    dependencies: parseDependencies(metadata),
    isLibrary: str(metadata.get('type') ?? null) === 'library',
    ...(valuesYaml !== undefined ? { valuesText: valuesYaml } : {}),
    ...(own.has('values.schema.json') ? { schema: own.get('values.schema.json') } : {}),
  };
}
