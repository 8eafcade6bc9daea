// Builds the chart tree Helm's loader would: Chart.yaml metadata, values.yaml, templates, other files (.Files) and
// subcharts from folders under charts/, honouring .helmignore.

import { GoMap, Value } from '../engine/values';
import { YamlError, parseYamlValues } from '../engine/yaml';
import { formatFloat } from '../engine/gofmt';
import type { ChartFiles, RenderError } from './types';

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
  files: Map<string, string>;
  subcharts: LoadedChart[];
  dependencies: Dependency[];
  isLibrary: boolean;
}

/** A .helmignore rule set (Helm's pkg/ignore: filepath.Match patterns, dir/ rules, ! negation). */
class IgnoreRules {
  private rules: { re: RegExp; negate: boolean; dirOnly: boolean; basename: boolean }[] = [];
  constructor(text: string) {
    for (let line of text.split(/\r?\n/)) {
      line = line.trim();
      if (!line || line.startsWith('#') || line.includes('**')) continue;
      let negate = false;
      if (line.startsWith('!')) {
        negate = true;
        line = line.slice(1);
      }
      let dirOnly = false;
      if (line.endsWith('/')) {
        dirOnly = true;
        line = line.slice(0, -1);
      }
      const anchored = line.startsWith('/');
      if (anchored) line = line.slice(1);
      this.rules.push({ re: globToRegex(line), negate, dirOnly, basename: !anchored && !line.includes('/') });
    }
    // Helm always ignores dotfiles in templates/.
    this.rules.push({ re: /^templates\/\.[^/]*$/, negate: false, dirOnly: false, basename: false });
  }

  /** Whether a file (chart-relative path) is ignored, directly or through one of its folders. */
  ignored(path: string): boolean {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      if (this.match(p, i < parts.length)) return true;
    }
    return false;
  }

  private match(p: string, isDir: boolean): boolean {
    let ignored = false;
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      const target = r.basename ? p.slice(p.lastIndexOf('/') + 1) : p;
      if (r.re.test(target)) ignored = !r.negate;
    }
    return ignored;
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
 * Loads the chart rooted at `prefix` (with a trailing '/', or '') from the top chart's files.
 * `folderName` names the chart when Chart.yaml has no name.
 */
export function loadChart(files: ChartFiles, prefix: string, folderName: string, errors: RenderError[]): LoadedChart {
  // Collect this chart's files (relative names), leaving subchart folders aside.
  const own = new Map<string, string>();
  for (const [p, text] of files.files) if (p.startsWith(prefix)) own.set(p.slice(prefix.length), text);
  const ignore = new IgnoreRules(own.get('.helmignore') ?? '');

  let metadata: GoMap = new Map();
  const chartYaml = own.get('Chart.yaml');
  if (chartYaml !== undefined) {
    try {
      const m = parseYamlValues(chartYaml);
      if (m instanceof Map) metadata = m;
      else if (m !== null) errors.push({ message: `cannot load Chart.yaml: error unmarshaling JSON: json: cannot unmarshal into Go value of type chart.Metadata`, span: { path: prefix + 'Chart.yaml', start: 0, end: 0 } });
    } catch (e) {
      errors.push(yamlError(prefix + 'Chart.yaml', chartYaml, e, 'cannot load Chart.yaml'));
    }
  } else {
    errors.push({ message: `Chart.yaml file is missing`, span: { path: prefix + 'Chart.yaml', start: 0, end: 0 } });
  }

  let values: GoMap = new Map();
  const valuesYaml = own.get('values.yaml');
  if (valuesYaml !== undefined) {
    try {
      const v = parseYamlValues(valuesYaml);
      if (v instanceof Map) values = v;
    } catch (e) {
      errors.push(yamlError(prefix + 'values.yaml', valuesYaml, e, 'cannot load values.yaml'));
    }
  }

  const templates: LoadedChart['templates'] = [];
  const other = new Map<string, string>();
  const subFolders = new Set<string>();
  for (const [rel, text] of own) {
    if (ignore.ignored(rel)) continue;
    if (rel.startsWith('charts/')) {
      const rest = rel.slice('charts/'.length);
      const slash = rest.indexOf('/');
      if (slash > 0) subFolders.add(rest.slice(0, slash));
      else if (rel.endsWith('.prov')) other.set(rel, text);
      continue;
    }
    if (rel === 'Chart.yaml' || rel === 'values.yaml' || rel === 'values.schema.json' || rel === 'Chart.lock') continue;
    if (rel.startsWith('templates/')) templates.push({ name: rel, path: prefix + rel, text });
    else other.set(rel, text);
  }

  const subcharts: LoadedChart[] = [];
  for (const folder of [...subFolders].sort()) {
    const subPrefix = `${prefix}charts/${folder}/`;
    if (!files.files.has(subPrefix + 'Chart.yaml')) continue;
    subcharts.push(loadChart(files, subPrefix, folder, errors));
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
  };
}
