// The charts of the workspace: where they are, their sources (disk under open buffers), their latest analysis.
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { analyzeChart, type AnalysisResult } from '../analysis/analyze';
import type { ChartFiles, RenderOptions } from '../chart/types';
import { BaselineProvider, type Baseline } from '../git/baseline';
import { Lru } from '../util/lru';
import { chartDirOf, findCharts, MAX_FILE_BYTES, readChart } from '../workspace/files';
import type { Settings } from './settings';

export interface ChartAnalysis {
  chartDir: string;
  result: AnalysisResult;
  baseline: Baseline;
  /** Versions of the open documents the analysis read, by path relative to the chart. */
  versions: Map<string, number>;
  /** Their revisions (see OpenDocument.revision). */
  revisions: Map<string, number>;
  /** Identifies the exact texts analysed: equal stamps, equal texts. */
  stamp: string;
  skipped: { path: string; reason: string }[];
}

export interface OpenDocument {
  fsPath: string;
  text: string;
  version: number;
  /** Counts every content the server saw for the document: clients may reuse a version after close and open. */
  revision: number;
}

type DiskChart = { files: ChartFiles; skipped: { path: string; reason: string }[] };

function sizeOfChart(c: DiskChart): number {
  let n = 0;
  for (const [p, t] of c.files.files) n += p.length + t.length;
  for (const [p, b] of c.files.binaries ?? []) n += p.length + b.length;
  return n;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

export class Charts {
  private readonly known = new Set<string>();
  private readonly diskGenerations = new Map<string, number>();
  private readonly values = new Lru<string, Promise<string | undefined>>({ maxEntries: 256 });
  // What was read of each chart on disk, bounded by characters once read: a monorepo's charts are read again when
  // needed instead of all held.
  private readonly diskSizes = new WeakMap<Promise<DiskChart>, number>();
  private readonly disk = new Lru<string, Promise<DiskChart>>({ maxEntries: 10000, maxSize: 16_000_000, sizeOf: (p) => this.diskSizes.get(p) ?? 0 });
  readonly baselines = new BaselineProvider();

  constructor(private readonly roots: () => string[]) {}

  /** Finds the charts under the roots again; charts whose Chart.yaml is gone are forgotten and returned as removed. */
  async scan(): Promise<{ charts: string[]; removed: string[] }> {
    const found = new Set<string>();
    for (const root of this.roots()) for (const dir of await findCharts(root)) found.add(dir);
    const removed: string[] = [];
    for (const dir of [...this.known]) {
      if (found.has(dir) || (await exists(path.join(dir, 'Chart.yaml')))) continue;
      this.forget(dir);
      removed.push(dir);
    }
    for (const dir of found) this.known.add(dir);
    return { charts: [...this.known].sort(), removed };
  }

  /** Whether a chart is still on disk; one that is not is forgotten (a deletion may race with a scan or a run). */
  async present(dir: string): Promise<boolean> {
    if (await exists(path.join(dir, 'Chart.yaml'))) return true;
    this.forget(dir);
    return false;
  }

  private forget(dir: string): void {
    this.known.delete(dir);
    this.forgetDisk(dir);
  }

  /** A file or folder was created: the charts in a new folder (a checkout or a copy brings whole charts). */
  async created(fsPath: string): Promise<string[]> {
    try {
      if (!(await fs.stat(fsPath)).isDirectory()) return [];
    } catch {
      return [];
    }
    // Inside a chart (a subchart, a folder of templates), the chart's own change event covers it.
    for (const dir of this.known) if (fsPath.startsWith(dir + path.sep)) return [];
    const added = await findCharts(fsPath);
    for (const dir of added) this.known.add(dir);
    return added;
  }

  /** A file or folder was deleted: the known charts at or under it that lost their Chart.yaml. */
  async deleted(fsPath: string): Promise<string[]> {
    const gone: string[] = [];
    for (const dir of [...this.known]) {
      if (dir !== fsPath && !dir.startsWith(fsPath + path.sep)) continue;
      if (await exists(path.join(dir, 'Chart.yaml'))) continue;
      this.forget(dir);
      gone.push(dir);
    }
    return gone;
  }

  all(): string[] {
    return [...this.known].sort();
  }

  /** The chart a file belongs to, if any (and remembers it). */
  async chartOf(fsPath: string): Promise<string | undefined> {
    for (const dir of this.known) if (fsPath.startsWith(dir + path.sep)) return dir;
    const root = this.roots().find((r) => fsPath.startsWith(r + path.sep));
    const dir = await chartDirOf(fsPath, root);
    if (dir) this.known.add(dir);
    return dir;
  }

  /** A file changed on disk: forget what was read of its chart. A new or removed Chart.yaml changes the chart list.
   *  Returns the chart to analyse again (a removed chart is returned too, so its diagnostics can be cleared). */
  async fileChanged(fsPath: string): Promise<string | undefined> {
    this.values.delete(fsPath);
    if (path.basename(fsPath) === 'Chart.yaml') {
      const dir = path.dirname(fsPath);
      try {
        await fs.access(fsPath);
        if (!(await this.chartOf(fsPath))) this.known.add(dir);
      } catch {
        if (this.known.has(dir)) {
          this.forget(dir);
          return dir;
        }
      }
    }
    const dir = await this.chartOf(fsPath);
    if (dir) this.forgetDisk(dir);
    return dir;
  }

  private forgetDisk(dir: string): void {
    this.disk.delete(dir);
    this.diskGenerations.set(dir, (this.diskGenerations.get(dir) ?? 0) + 1);
  }

  private diskFiles(dir: string): Promise<DiskChart> {
    let p = this.disk.get(dir);
    if (!p) {
      // Every read is a new generation: what was evicted may read differently now.
      this.diskGenerations.set(dir, (this.diskGenerations.get(dir) ?? 0) + 1);
      const read = readChart(dir).then((c) => ({ files: c.files, skipped: c.skipped }));
      p = read;
      this.disk.set(dir, read);
      read.then(
        (c) => {
          this.diskSizes.set(read, sizeOfChart(c));
          if (this.disk.peek(dir) === read) this.disk.set(dir, read); // counts its size now that it is known
        },
        () => this.disk.peek(dir) === read && this.disk.delete(dir),
      );
    }
    return p;
  }

  /** Disk files with open buffers on top. */
  async sources(dir: string, open: OpenDocument[]) {
    const pending = this.diskFiles(dir);
    const generation = this.diskGenerations.get(dir) ?? 0; // the generation of this very read
    const disk = await pending;
    const files = new Map(disk.files.files);
    const versions = new Map<string, number>();
    const revisions = new Map<string, number>();
    const skipped = [...disk.skipped];
    for (const d of open) {
      if (!d.fsPath.startsWith(dir + path.sep)) continue;
      const rel = d.fsPath.slice(dir.length + 1).split(path.sep).join('/');
      versions.set(rel, d.version);
      revisions.set(rel, d.revision);
      // The limit of files on disk holds for buffers too: a huge buffer is not rendered on every keystroke.
      if (d.text.length > MAX_FILE_BYTES) {
        files.delete(rel);
        skipped.push({ path: rel, reason: `the open buffer is larger than ${MAX_FILE_BYTES} characters` });
      } else files.set(rel, d.text);
    }
    const stamp = `${generation}|${[...revisions].sort().join(',')}`;
    return { files: { files, binaries: disk.files.binaries } as ChartFiles, versions, revisions, stamp, skipped };
  }

  /** Git runs only in trusted workspaces: a hostile repository's configuration is not ours to load. */
  trusted = true;

  private baseline(dir: string, ref: string): Promise<Baseline> {
    if (!this.trusted) return Promise.resolve({ ok: false, ref, reason: 'the workspace is not trusted, so git is not run' });
    return this.baselines.baseline(dir, ref);
  }

  /** Reads what the chart needs, then analyses it in its `turn` (see Turns), when one is given. */
  async analyze(dir: string, open: OpenDocument[], settings: Settings, turn?: () => Promise<() => void>): Promise<ChartAnalysis> {
    const [sources, baseline, values] = await Promise.all([
      this.sources(dir, open),
      this.baseline(dir, settings.baseRef),
      this.valuesFiles(dir, settings.valuesFiles),
    ]);
    const release = await turn?.();
    try {
      return this.analyzeNow(dir, sources, baseline, values, settings);
    } finally {
      release?.();
    }
  }

  private analyzeNow(
    dir: string,
    sources: Awaited<ReturnType<Charts['sources']>>,
    baseline: Baseline,
    values: Awaited<ReturnType<Charts['valuesFiles']>>,
    settings: Settings,
  ): ChartAnalysis {
    const render: RenderOptions = {
      releaseName: settings.releaseName,
      namespace: settings.namespace,
      valuesFiles: values.files,
    };
    const result = analyzeChart({
      chart: sources.files,
      baseline: baseline.ok ? baseline.files : undefined,
      baseRef: settings.baseRef,
      render,
      rules: settings.rules,
      deployer: settings.deployer,
    });
    return { chartDir: dir, result, baseline, versions: sources.versions, revisions: sources.revisions, stamp: sources.stamp, skipped: [...sources.skipped, ...values.skipped] };
  }

  /** The `helmHookGuard.valuesFiles` of a chart, read once and again only when a watcher says they changed. */
  private async valuesFiles(dir: string, names: string[]) {
    const files: { path: string; text: string }[] = [];
    const skipped: { path: string; reason: string }[] = [];
    for (const name of names) {
      const abs = path.resolve(dir, name);
      const text = await this.values.getOrSet(abs, () => fs.readFile(abs, 'utf8').catch(() => undefined));
      if (text === undefined) skipped.push({ path: name, reason: 'values file not found (helmHookGuard.valuesFiles)' });
      else files.push({ path: name, text });
    }
    return { files, skipped };
  }

  dispose(): void {
    this.baselines.dispose();
  }
}

