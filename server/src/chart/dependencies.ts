// Subcharts that git does not hold. Many charts ignore `charts/*` (kube-prometheus-stack does) and fetch their
// dependencies with `helm dependency build`: the chart at a git ref then lacks them, and compared with the working
// tree every subchart object would look new. Such a baseline borrows the working tree's copy. Pure: files in, files out.
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { ChartFiles } from './types';

export interface DeclaredDependency {
  name: string;
  version?: string;
  repository?: string;
  /** Offsets of the `name` value in Chart.yaml (the whole entry when it has no name). */
  start: number;
  end: number;
}

/** The `dependencies` of a Chart.yaml text, with where each is named. Nothing when the text does not parse. */
export function declaredDependencies(chartYaml: string | undefined): DeclaredDependency[] {
  if (!chartYaml || !chartYaml.includes('dependencies')) return [];
  const doc = parseDocument(chartYaml, { uniqueKeys: false });
  if (doc.errors.length || !isMap(doc.contents)) return [];
  const deps = doc.contents.get('dependencies', true);
  if (!isSeq(deps)) return [];
  const out: DeclaredDependency[] = [];
  for (const item of deps.items) {
    if (!isMap(item)) continue;
    const field = (k: string) => {
      const v = item.get(k, true);
      return isScalar(v) && v.value !== null && v.value !== undefined && String(v.value) !== '' ? String(v.value) : undefined;
    };
    const name = field('name');
    if (!name) continue;
    const node = item.get('name', true) as { range?: [number, number, number] };
    const [start, end] = node.range ?? (item as { range?: [number, number, number] }).range ?? [0, 0];
    out.push({ name, version: field('version'), repository: field('repository'), start, end });
  }
  return out;
}

/** A subchart in charts/: a folder with a Chart.yaml, or an archive. */
interface Subchart {
  /** `charts/<folder>/` or `charts/<file>.tgz`. */
  entry: string;
  /** The names it answers to: the folder or archive name, and its Chart.yaml name. */
  names: Set<string>;
}

function chartNameOf(chartYaml: string | undefined): string | undefined {
  const m = chartYaml && /^name:[ \t]*["']?([^"'\s#]+)/m.exec(chartYaml);
  return m ? m[1] : undefined;
}

/** The top chart's subcharts, by folder (with its Chart.yaml name) or archive (`name-1.2.3.tgz` answers to `name`). */
export function subchartsOf(files: ChartFiles): Subchart[] {
  const folders = new Map<string, Subchart>();
  const out: Subchart[] = [];
  for (const p of files.files.keys()) {
    const m = /^charts\/([^/]+)\/Chart\.yaml$/.exec(p);
    if (!m) continue;
    const names = new Set([m[1]]);
    const n = chartNameOf(files.files.get(p));
    if (n) names.add(n);
    folders.set(m[1], { entry: `charts/${m[1]}/`, names });
  }
  out.push(...folders.values());
  for (const p of files.binaries?.keys() ?? []) {
    const m = /^charts\/([^/]+)\.tgz$/.exec(p);
    if (!m) continue;
    out.push({ entry: p, names: new Set([m[1], m[1].replace(/-v?\d+(\.\d+)*([-+][0-9A-Za-z.+-]*)?$/, '')]) });
  }
  return out;
}

const provides = (subs: Subchart[], name: string) => subs.filter((s) => s.names.has(name));

/** Declared dependencies of the top chart that charts/ does not hold (helm install fails on them). */
export function missingDependencies(files: ChartFiles): DeclaredDependency[] {
  const declared = declaredDependencies(files.files.get('Chart.yaml'));
  if (declared.length === 0) return [];
  const subs = subchartsOf(files);
  return declared.filter((d) => provides(subs, d.name).length === 0);
}

export interface Borrowed {
  files: ChartFiles;
  /** The working tree's entries that stand in (`charts/grafana/`, `charts/common-2.1.0.tgz`), sorted. */
  borrowed: string[];
}

// The same baseline object and the same borrowed texts give the same result object: the analysis keeps a baseline's
// render per object, so it is not redone on every keystroke.
const lastBorrow = new WeakMap<ChartFiles, { inputs: (string | Uint8Array)[]; result: Borrowed }>();

/**
 * The baseline with the dependencies it declares but lacks taken from the working tree (`current`), where the working
 * tree has them. The baseline itself when nothing is missing or nothing can stand in.
 */
export function borrowDependencies(baseline: ChartFiles, current: ChartFiles): Borrowed {
  const missing = missingDependencies(baseline);
  if (missing.length === 0) return { files: baseline, borrowed: [] };
  const subs = subchartsOf(current);
  const entries = [...new Set(missing.flatMap((d) => provides(subs, d.name).map((s) => s.entry)))].sort();
  if (entries.length === 0) return { files: baseline, borrowed: [] };
  const texts: [string, string][] = [];
  const bins: [string, Uint8Array][] = [];
  for (const e of entries) {
    if (e.endsWith('/')) {
      for (const [p, t] of current.files) if (p.startsWith(e)) texts.push([p, t]);
      for (const [p, b] of current.binaries ?? []) if (p.startsWith(e)) bins.push([p, b]);
    } else {
      const b = current.binaries?.get(e);
      if (b) bins.push([e, b]);
    }
  }
  const inputs = [...entries, ...texts.flat(), ...bins.flat()];
  const last = lastBorrow.get(baseline);
  if (last && last.inputs.length === inputs.length && last.inputs.every((x, i) => x === inputs[i])) return last.result;
  const files = new Map(baseline.files);
  for (const [p, t] of texts) files.set(p, t);
  const binaries = new Map(baseline.binaries ?? []);
  for (const [p, b] of bins) binaries.set(p, b);
  const result: Borrowed = { files: binaries.size ? { files, binaries } : { files }, borrowed: entries };
  lastBorrow.set(baseline, { inputs, result });
  return result;
}

/** What to tell the user, once: which subcharts each baseline took from the working tree (bases that borrowed the
 *  same ones share a line). */
export function borrowedNotices(list: { label: string; borrowed: string[] }[]): string[] {
  const byBorrowed = new Map<string, string[]>();
  for (const { label, borrowed } of list) {
    if (borrowed.length === 0) continue;
    const key = borrowed.join(', ');
    byBorrowed.set(key, [...(byBorrowed.get(key) ?? []), label]);
  }
  return [...byBorrowed].map(([what, labels]) =>
    `${labels.length === 1 ? 'baseline' : 'baselines'} ${labels.join(', ')} ${labels.length === 1 ? 'lacks' : 'lack'} ${what} (not in git: ignored or never committed); the working tree's copy stands in`,
  );
}
