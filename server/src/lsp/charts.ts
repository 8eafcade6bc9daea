// The charts of the workspace: where they are, their sources (disk under open buffers), their latest analysis.
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { analyzeChart, RULE_METAS, type AnalysisResult } from '../analysis/analyze';
import type { ChartFiles, RenderOptions } from '../chart/types';
import { analysisDeployer, mergeOptions, resolveChart, type ChartOptions, type ResolvedChart } from '../config/config';
import { ConfigLoader, type LoadedConfig } from '../config/load';
import type { Baseline } from '../git/baseline';
import { Baselines } from '../git/sources';
import { chartDirOf, findCharts, readChart } from '../workspace/files';
import { DEFAULT_SETTINGS, settingsLayer, type Settings } from './settings';

export interface ChartAnalysis {
  chartDir: string;
  result: AnalysisResult;
  baseline: Baseline;
  /** Versions of the open documents the analysis read, by path relative to the chart. */
  versions: Map<string, number>;
  /** Identifies the exact texts analysed: equal stamps, equal texts. */
  stamp: string;
  skipped: { path: string; reason: string }[];
  /** The repository config that applies, if any (with its problems: then it was not applied). */
  config?: LoadedConfig;
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
  readonly baselines = new Baselines();
  /** Texts of open `.helm-hook-guard.yaml` buffers, which win over the disk. */
  readonly openConfigs = new Map<string, string>();
  readonly configs = new ConfigLoader(
    {
      read: async (f) => this.openConfigs.get(f) ?? fs.readFile(f, 'utf8').catch(() => undefined),
      exists: (f) => fs.access(f).then(() => true, () => false),
    },
    RULE_METAS.map((r) => r.id),
  );

  constructor(private readonly roots: () => string[]) {}

  /** The repository config of a chart and what it says about it (nothing when the config has problems). */
  async config(dir: string): Promise<{ loaded?: LoadedConfig; resolved?: ResolvedChart }> {
    const loaded = await this.configs.forChart(dir);
    return { loaded, resolved: loaded?.config ? resolveChart(loaded.config, dir) : undefined };
  }

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
    return this.baselines.baseline(dir, ref, dir);
  }

  /** Settings over the repository config over the defaults (settings left at their defaults do not count). */
  static options(settings: Settings, dir: string, resolved?: ResolvedChart): ChartOptions {
    const d = DEFAULT_SETTINGS;
    const defaults: ChartOptions = { baseRef: d.baseRef, releaseName: d.releaseName, namespace: d.namespace, deployer: d.deployer };
    return mergeOptions(defaults, resolved?.options ?? {}, settingsLayer(settings, dir));
  }

  async analyze(dir: string, open: OpenDocument[], settings: Settings): Promise<ChartAnalysis> {
    const { loaded, resolved } = await this.config(dir);
    const o = Charts.options(settings, dir, resolved);
    const [sources, baseline, values] = await Promise.all([
      this.sources(dir, open),
      this.baseline(dir, o.baseRef!),
      this.valuesFiles(dir, o.valuesFiles ?? []),
    ]);
    const render: RenderOptions = {
      releaseName: o.releaseName!,
      namespace: o.namespace!,
      valuesFiles: values.files,
      set: o.set,
      setString: o.setString,
      kubeVersion: o.kubeVersion,
      apiVersions: o.apiVersions,
    };
    const result = analyzeChart({
      chart: sources.files,
      baseline: baseline.ok ? baseline.files : undefined,
      baseRef: o.baseRef,
      render,
      rules: o.rules,
      deployer: analysisDeployer(o.deployer ?? 'auto'),
    });
    const stamp = `${this.diskGenerations.get(dir) ?? 0}|${[...sources.versions].sort().join(',')}`;
    return { chartDir: dir, result, baseline, versions: sources.versions, stamp, skipped: [...sources.skipped, ...values.skipped], config: loaded };
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
      const shown = path.relative(dir, abs).split(path.sep).join('/');
      if (text === undefined) skipped.push({ path: shown, reason: 'values file not found (valuesFiles)' });
      else files.push({ path: shown, text });
    }
    return { files, skipped };
  }

  dispose(): void {
    this.baselines.dispose();
  }
}

