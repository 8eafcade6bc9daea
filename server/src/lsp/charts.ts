// The charts of the workspace: where they are, their sources (disk under open buffers), their latest analysis.
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { analyzeChart, type AnalysisResult } from '../analysis/analyze';
import type { ChartFiles, RenderOptions } from '../chart/types';
import { BaselineProvider, type Baseline } from '../git/baseline';
import { chartDirOf, findCharts, readChart } from '../workspace/files';
import type { Settings } from './settings';

export interface ChartAnalysis {
  chartDir: string;
  result: AnalysisResult;
  baseline: Baseline;
  /** Versions of the open documents the analysis read, by path relative to the chart. */
  versions: Map<string, number>;
  /** Identifies the exact texts analysed: equal stamps, equal texts. */
  stamp: string;
  skipped: { path: string; reason: string }[];
}

export interface OpenDocument {
  fsPath: string;
  text: string;
  version: number;
}

export class Charts {
  private readonly known = new Set<string>();
  private readonly diskGenerations = new Map<string, number>();
  private readonly values = new Map<string, Promise<string | undefined>>();
  private readonly disk = new Map<string, Promise<{ files: ChartFiles; skipped: { path: string; reason: string }[] }>>();
  readonly baselines = new BaselineProvider();

  constructor(private readonly roots: () => string[]) {}

  async scan(): Promise<string[]> {
    for (const root of this.roots()) for (const dir of await findCharts(root)) this.known.add(dir);
    return [...this.known].sort();
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
        if (this.known.delete(dir)) {
          this.forgetDisk(dir);
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

  private diskFiles(dir: string) {
    let p = this.disk.get(dir);
    if (!p) {
      p = readChart(dir).then((c) => ({ files: c.files, skipped: c.skipped }));
      this.disk.set(dir, p);
      p.catch(() => this.disk.delete(dir));
    }
    return p;
  }

  /** Disk files with open buffers on top. */
  async sources(dir: string, open: OpenDocument[]): Promise<{ files: ChartFiles; versions: Map<string, number>; skipped: { path: string; reason: string }[] }> {
    const disk = await this.diskFiles(dir);
    const files = new Map(disk.files.files);
    const versions = new Map<string, number>();
    for (const d of open) {
      if (!d.fsPath.startsWith(dir + path.sep)) continue;
      const rel = d.fsPath.slice(dir.length + 1).split(path.sep).join('/');
      files.set(rel, d.text);
      versions.set(rel, d.version);
    }
    return { files: { files, binaries: disk.files.binaries }, versions, skipped: disk.skipped };
  }

  /** Git runs only in trusted workspaces: a hostile repository's configuration is not ours to load. */
  trusted = true;

  private baseline(dir: string, ref: string): Promise<Baseline> {
    if (!this.trusted) return Promise.resolve({ ok: false, ref, reason: 'the workspace is not trusted, so git is not run' });
    return this.baselines.baseline(dir, ref);
  }

  async analyze(dir: string, open: OpenDocument[], settings: Settings): Promise<ChartAnalysis> {
    const [sources, baseline, values] = await Promise.all([
      this.sources(dir, open),
      this.baseline(dir, settings.baseRef),
      this.valuesFiles(dir, settings.valuesFiles),
    ]);
    const render: RenderOptions = {
      releaseName: settings.releaseName,
      namespace: settings.namespace,
      valuesFiles: values.files,
      ...(settings.kubeVersion ? { kubeVersion: settings.kubeVersion } : {}),
      ...(settings.apiVersions.length ? { apiVersions: settings.apiVersions } : {}),
    };
    const result = analyzeChart({
      chart: sources.files,
      baseline: baseline.ok ? baseline.files : undefined,
      baseRef: settings.baseRef,
      render,
      rules: settings.rules,
      deployer: settings.deployer,
      applyMode: settings.applyMode,
    });
    const stamp = `${this.diskGenerations.get(dir) ?? 0}|${[...sources.versions].sort().join(',')}`;
    return { chartDir: dir, result, baseline, versions: sources.versions, stamp, skipped: [...sources.skipped, ...values.skipped] };
  }

  /** The `helmHookGuard.valuesFiles` of a chart, read once and again only when a watcher says they changed. */
  private async valuesFiles(dir: string, names: string[]) {
    const files: { path: string; text: string }[] = [];
    const skipped: { path: string; reason: string }[] = [];
    for (const name of names) {
      const abs = path.resolve(dir, name);
      let p = this.values.get(abs);
      if (!p) this.values.set(abs, (p = fs.readFile(abs, 'utf8').catch(() => undefined)));
      const text = await p;
      if (text === undefined) skipped.push({ path: name, reason: 'values file not found (helmHookGuard.valuesFiles)' });
      else files.push({ path: name, text });
    }
    return { files, skipped };
  }

  dispose(): void {
    this.baselines.dispose();
  }
}

