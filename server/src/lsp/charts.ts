// The charts of the workspace: where they are, their sources (disk under open buffers), their latest analysis.
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { analyzeChart, RULE_METAS, type AnalysisResult } from '../analysis/analyze';
import { foldFindings } from '../analysis/fold';
import type { Finding } from '../analysis/findings';
import { IncrementalRenderer } from '../chart/incremental';
import { renderChart } from '../chart/render';
import { setValuesStore } from '../engine';
import type { ChartFiles, RenderedChart, RenderOptions } from '../chart/types';
import { analysisDeployer, configuredBaseRefs, mergeOptions, resolveChart, type ChartOptions, type ResolvedChart } from '../config/config';
import { ConfigLoader, type LoadedConfig } from '../config/load';
import type { Baseline } from '../git/baseline';
import { BaselineCache, cacheKey, defaultCacheDir, findingsKey } from '../git/baselineCache';
import { baseKind, Baselines } from '../git/sources';
import { helmMajorOf } from '../analysis/model';
import { Lru } from '../util/lru';
import { chartDirOf, findCharts, MAX_FILE_BYTES, readChart } from '../workspace/files';
import { DEFAULT_SETTINGS, settingsLayer, type Settings } from './settings';
import { exists } from '../util/exists';
import { BackgroundEnded, type Background, type BackgroundInput } from './background';

/** What is published of a chart's analysis: its findings, and what they were computed from. */
export interface ChartFindings {
  chartDir: string;
  result: Pick<AnalysisResult, 'findings' | 'deployer' | 'notices'>;
  /** The findings as the editor shows them: infos about an error's object folded into it (analysis/fold.ts). */
  shown: Finding[];
  /** The first base's baseline that could be read (else the first's reason). */
  baseline: Baseline;
  /** Every base's, in order (the first is `baseline`). */
  baselines: Baseline[];
  /** Versions of the open documents the analysis read, by path relative to the chart. */
  versions: Map<string, number>;
  /** Their revisions (see OpenDocument.revision). */
  revisions: Map<string, number>;
  /** Identifies the exact texts analysed: equal stamps, equal texts. */
  stamp: string;
  skipped: { path: string; reason: string }[];
  /** The repository config that applies, if any (with its problems: then it was not applied). */
  config?: LoadedConfig;
}

/** An analysis made on the main thread, with everything hovers, code actions and the plan read. */
export interface ChartAnalysis extends ChartFindings {
  result: AnalysisResult;
}

export const isFull = (a: ChartFindings): a is ChartAnalysis => 'current' in a.result;

export interface OpenDocument {
  fsPath: string;
  text: string;
  version: number;
  /** Counts every content the server saw for the document: clients may reuse a version after close and open. */
  revision: number;
}

type Read = Awaited<ReturnType<Charts['read']>>;
type StoredBaseline = { key: string; major: 3 | 4; chart?: RenderedChart };

type DiskChart = { files: ChartFiles; skipped: { path: string; reason: string }[] };

/** How long a chart stays unedited before the findings it published are stored. */
const STORE_PUBLISHED_AFTER_MS = 1500;

function sizeOfChart(c: DiskChart): number {
  let n = 0;
  for (const [p, t] of c.files.files) n += p.length + t.length;
  for (const [p, b] of c.files.binaries ?? []) n += p.length + b.length;
  return n;
}


export class Charts {
  private readonly known = new Set<string>();
  private readonly diskGenerations = new Map<string, number>();
  private readonly values = new Lru<string, Promise<string | undefined>>({ maxEntries: 256 });
  // What was read of each chart on disk, bounded by characters once read: a monorepo's charts are read again when
  // needed instead of all held.
  private readonly diskSizes = new WeakMap<Promise<DiskChart>, number>();
  private readonly disk = new Lru<string, Promise<DiskChart>>({ maxEntries: 10000, maxSize: 16_000_000, sizeOf: (p) => this.diskSizes.get(p) ?? 0 });
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
  /** Per chart: an edit to templates executes only what it can change (chart/incremental.ts). As many as analyses kept. */
  private readonly renderers = new Lru<string, IncrementalRenderer>({ maxEntries: 16 });
  /** Baseline renders stored on disk (the CLI's cache folder), so that a start at the same base commit renders only the
   *  working tree. Off with HELM_HOOK_GUARD_NO_CACHE, and in untrusted workspaces (git does not run there anyway). */
  cache?: BaselineCache = process.env.HELM_HOOK_GUARD_NO_CACHE ? undefined : new BaselineCache(defaultCacheDir());
  /** Parsed values files from the same cache, for the engine (setValuesStore), written after each analysis. Not the
   *  parsed templates (the CLI's setTreeStore): reading and writing a chart's entry raised the server's peak memory
   *  by about 30 MB on kube-prometheus-stack and did not shorten its first diagnostics measurably. */
  private readonly valuesStore = this.cache?.values();
  /** Per chart and base commit: the id of the chart's tree (the cache key's part that git knows). */
  private readonly treeIds = new Lru<string, Promise<string | undefined>>({ maxEntries: 1024 });
  /** Cache writes under way: shutdown waits for them. */
  private readonly writes = new Set<Promise<void>>();
  /** Per cache key: the stored render, read once. */
  private readonly storedRenders = new Lru<string, Promise<RenderedChart | undefined>>({ maxEntries: 16 });

  constructor(private readonly roots: () => string[]) {
    setValuesStore(this.valuesStore);
  }

  /** The repository config of a chart and what it says about it (nothing when the config has problems). */
  async config(dir: string): Promise<{ loaded?: LoadedConfig; resolved?: ResolvedChart }> {
    const loaded = await this.configs.forChart(dir);
    return { loaded, resolved: loaded?.config ? resolveChart(loaded.config, dir) : undefined };
  }

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
    this.renderers.delete(dir);
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

  private async baselinesOf(dir: string, configured: string[] | undefined, current?: Promise<ChartFiles | undefined>): Promise<Baseline[]> {
    if (!this.trusted) {
      const refs = configured?.length ? configured : ['HEAD'];
      return refs.map((ref) => ({ ok: false, ref, label: ref, reason: 'the workspace is not trusted, so git is not run' }));
    }
    return this.baselines.baselinesOf(dir, await this.baselines.bases(dir, configured), dir, current);
  }

  /** Settings over the repository config over the defaults (settings left at their defaults do not count). */
  static options(settings: Settings, dir: string, resolved?: ResolvedChart): ChartOptions {
    const d = DEFAULT_SETTINGS;
    const defaults: ChartOptions = { releaseName: d.releaseName, namespace: d.namespace, deployer: d.deployer, applyMode: d.applyMode };
    return mergeOptions(defaults, resolved?.options ?? {}, settingsLayer(settings, dir));
  }

  /** Reads what the chart needs, then analyses it in its `turn` (see Turns), when one is given. */
  async analyze(dir: string, open: OpenDocument[], settings: Settings, turn?: () => Promise<() => void>): Promise<ChartAnalysis> {
    const read = await this.read(dir, open, settings);
    const release = await turn?.();
    try {
      return this.analyzeNow(dir, read);
    } finally {
      release?.();
    }
  }

  /** The same on the background worker: only the findings (see background.ts). Where the worker is gone (a crash, the
   *  idle timeout racing with a late scan), on the main thread in its turn after all. */
  async analyzeInBackground(dir: string, open: OpenDocument[], settings: Settings, background: Background, turn: () => Promise<() => void>): Promise<ChartFindings> {
    const read = await this.read(dir, open, settings);
    if (background.active) {
      try {
        const result = await background.analyze(Charts.input(read));
        return Charts.outcome(dir, read, result);
      } catch (e) {
        if (!(e instanceof BackgroundEnded) || background.ended) throw e;
      }
    }
    const release = await turn();
    try {
      return this.analyzeNow(dir, read);
    } finally {
      release();
    }
  }

  /** What an analysis reads, but the stored baseline renders. */
  private async inputs(dir: string, open: OpenDocument[], settings: Settings) {
    const { loaded, resolved } = await this.config(dir);
    const o = Charts.options(settings, dir, resolved);
    const reading = this.sources(dir, open);
    const [sources, baselines, values] = await Promise.all([
      reading,
      this.baselinesOf(dir, configuredBaseRefs(o), reading.then((s) => s.files)),
      this.valuesFiles(dir, o.valuesFiles ?? [], open),
    ]);
    return { sources, baselines, values, o, loaded };
  }

  private async read(dir: string, open: OpenDocument[], settings: Settings) {
    const { sources, baselines, values, o, loaded } = await this.inputs(dir, open, settings);
    const render = Charts.renderOptions(o, values);
    // Per base read from git: its render in the persistent cache, by the base's files (see analyzeNow).
    const stored = new Map<ChartFiles, StoredBaseline>();
    await Promise.all(
      baselines.map(async (b) => {
        const s = b.ok ? await this.storedBaseline(dir, b, o, render) : undefined;
        if (s && b.ok) stored.set(b.files, s);
      }),
    );
    return { sources, baselines, values, o, loaded, stored };
  }

  /** Whether the chart has a render state to continue (then an analysis is incremental, not a cold render). */
  warm(dir: string): boolean {
    return this.renderers.has(dir);
  }

  /**
   * What an earlier analysis of exactly these inputs published, from the persistent cache: a start publishes it before
   * the chart's first render. Only when every base is a git commit read: the key holds the working tree's files, each
   * base's tree id, the options and the build, so a hit is what an analysis would find now.
   */
  async published(dir: string, open: OpenDocument[], settings: Settings): Promise<ChartFindings | undefined> {
    if (!this.cache || !this.trusted) return undefined;
    const read = await this.inputs(dir, open, settings);
    const key = await this.publishedKey(dir, read);
    const hit = key ? await this.cache.getPublished(key) : undefined;
    return hit ? Charts.outcome(dir, read, hit) : undefined;
  }

  private async publishedKey(dir: string, { sources, baselines, values, o }: Pick<Read, 'sources' | 'baselines' | 'values' | 'o'>): Promise<string | undefined> {
    if (!this.cache || !this.trusted || baselines.length === 0) return undefined;
    const trees: string[] = [];
    for (const b of baselines) {
      if (!b.ok || baseKind(b.ref) !== 'git') return undefined;
      const tree = await this.treeOf(dir, b.commit);
      if (!tree) return undefined;
      trees.push(tree);
    }
    const bases = baselines.map((b) => b.label ?? b.ref).join('\n');
    return findingsKey(sources.files, `editor tree ${trees.join(' ')}`, Charts.renderOptions(o, values), { bases, options: JSON.stringify(o) });
  }

  private treeOf(dir: string, commit: string): Promise<string | undefined> {
    return this.treeIds.getOrSet(`${dir}\0${commit}`, () => this.baselines.git.treeOf(dir, commit).then((t) => (t.ok ? t.tree : undefined)));
  }

  /** The cache key of a git baseline's render and what the cache holds for it (read once per key). */
  private async storedBaseline(dir: string, baseline: Baseline, o: ChartOptions, render: RenderOptions): Promise<StoredBaseline | undefined> {
    const cache = this.cache;
    if (!cache || !this.trusted || !baseline.ok || baseKind(baseline.ref) !== 'git') return undefined;
    const tree = await this.treeOf(dir, baseline.commit);
    if (!tree) return undefined;
    // The Helm of the profile, as analyzeChart picks it (`auto` resolves to Helm 4 profiles only).
    const deployer = analysisDeployer(o.deployer ?? 'auto');
    const major = deployer === 'auto' ? 4 : helmMajorOf(deployer);
    const key = cacheKey(tree, { ...render, helmMajor: major });
    const chart = await this.storedRenders.getOrSet(key, () => cache.get(key));
    return { key, major, chart };
  }

  private static renderOptions(o: ChartOptions, values: Read['values']): RenderOptions {
    return {
      releaseName: o.releaseName!,
      namespace: o.namespace!,
      valuesFiles: values.files,
      set: o.set,
      setString: o.setString,
      kubeVersion: o.kubeVersion,
      apiVersions: o.apiVersions,
    };
  }

  /** What the pure core is given (without a renderer: the caller picks one). */
  private static input({ sources, baselines, values, o }: Pick<Read, 'sources' | 'baselines' | 'values' | 'o'>): BackgroundInput {
    return {
      chart: sources.files,
      baselines: baselines.flatMap((b) => (b.ok ? [{ label: b.label ?? b.ref, files: b.files }] : [])),
      render: Charts.renderOptions(o, values),
      rules: o.rules,
      deployer: analysisDeployer(o.deployer ?? 'auto'),
      applyMode: o.applyMode,
      flux: o.flux,
    };
  }

  private static outcome<R extends ChartFindings['result']>(dir: string, { sources, baselines, values, loaded }: Omit<Read, 'stored'>, result: R) {
    return {
      chartDir: dir,
      result,
      shown: foldFindings(result.findings),
      baseline: baselines.find((b) => b.ok) ?? baselines[0],
      baselines,
      versions: sources.versions,
      revisions: sources.revisions,
      stamp: values.stamp ? `${sources.stamp}|${values.stamp}` : sources.stamp,
      skipped: [...sources.skipped, ...values.skipped],
      config: loaded,
    };
  }

  private analyzeNow(dir: string, read: Read): ChartAnalysis {
    let incremental = this.renderers.get(dir);
    if (!incremental) this.renderers.set(dir, (incremental = new IncrementalRenderer()));
    const input = Charts.input(read);
    const work = input.chart;
    // A baseline renders once per base commit (analyze.ts keeps it), or comes from the cache: it must not displace
    // the working tree's state. Only identities and hooks of baseline objects are read, never their provenance, which
    // a stored render does not have. A baseline that borrows subcharts is another object than the one read, so it is
    // never served from or written to the cache.
    const fresh = new Map<StoredBaseline, RenderedChart>();
    const renderBaseline = (files: ChartFiles, opts: RenderOptions): RenderedChart => {
      const stored = read.stored.get(files);
      if (stored && opts.helmMajor === stored.major) {
        if (stored.chart) return stored.chart;
        const out = renderChart(files, opts, { locateValues: false });
        fresh.set(stored, out);
        return out;
      }
      return renderChart(files, opts, { locateValues: false });
    };
    const result = analyzeChart({
      ...input,
      renderer: (files, opts) => (files === work ? incremental!.render(files, opts) : renderBaseline(files, opts)),
    });
    if (this.valuesStore) this.track(this.valuesStore.flush());
    for (const [stored, out] of fresh) {
      // Kept without provenance, as the cache stores it: later analyses must not read it back from disk each time.
      const chart: RenderedChart = { ...out, templates: out.templates.map((t) => ({ ...t, segments: [] })) };
      this.storedRenders.set(stored.key, Promise.resolve(chart));
      this.track(this.cache!.put(stored.key, chart));
    }
    const outcome = Charts.outcome(dir, read, result);
    if (this.cache) this.storePublished(dir, read, outcome.result);
    return outcome;
  }

  /** Per chart: the latest analysis's findings, stored once the chart has been quiet a while (or at shutdown), so
   *  that hashing the chart's files and writing them stays off the path of each keystroke. */
  private readonly toPublish = new Map<string, { timer: NodeJS.Timeout; write: () => Promise<void> }>();

  private storePublished(dir: string, read: Read, { findings, deployer, notices }: ChartFindings['result']): void {
    clearTimeout(this.toPublish.get(dir)?.timer);
    const write = async () => {
      this.toPublish.delete(dir);
      const key = await this.publishedKey(dir, read);
      if (key) await this.cache!.putPublished(key, { findings, deployer, notices });
    };
    const timer = setTimeout(() => this.track(write()), STORE_PUBLISHED_AFTER_MS);
    timer.unref();
    this.toPublish.set(dir, { timer, write });
  }

  /** Configured values files (absolute) and the charts that read them: an edit to one analyses those charts. */
  private readonly valuesReaders = new Map<string, Set<string>>();

  /** The charts that read `fsPath` as a configured values file. */
  readersOf(fsPath: string): string[] {
    return [...(this.valuesReaders.get(fsPath) ?? [])].filter((d) => this.known.has(d));
  }

  /** The `helmHookGuard.valuesFiles` of a chart: an open buffer, else the disk (read once and again only when a
   *  watcher says it changed). */
  private async valuesFiles(dir: string, names: string[], open: OpenDocument[] = []) {
    const files: { path: string; text: string }[] = [];
    const skipped: { path: string; reason: string }[] = [];
    const buffers: string[] = [];
    for (const [file, readers] of this.valuesReaders) if (readers.delete(dir) && readers.size === 0) this.valuesReaders.delete(file);
    for (const name of names) {
      const abs = path.resolve(dir, name);
      if (!this.valuesReaders.has(abs)) this.valuesReaders.set(abs, new Set());
      this.valuesReaders.get(abs)!.add(dir);
      const buffer = open.find((d) => d.fsPath === abs);
      if (buffer) buffers.push(`${abs}#${buffer.revision}`);
      const text = buffer ? buffer.text : await this.values.getOrSet(abs, () => fs.readFile(abs, 'utf8').catch(() => undefined));
      const shown = path.relative(dir, abs).split(path.sep).join('/');
      if (text === undefined) skipped.push({ path: shown, reason: 'values file not found (valuesFiles)' });
      else files.push({ path: shown, text });
    }
    return { files, skipped, stamp: buffers.join(',') };
  }

  private track(write: Promise<void>): void {
    const w = write.catch(() => undefined).finally(() => this.writes.delete(w));
    this.writes.add(w);
  }

  /** Cache writes finished, those waiting for a quiet chart too (never rejects). */
  async flush(): Promise<void> {
    for (const { timer, write } of [...this.toPublish.values()]) {
      clearTimeout(timer);
      this.track(write());
    }
    await Promise.all([...this.writes]);
  }

  dispose(): void {
    this.baselines.dispose();
  }
}

