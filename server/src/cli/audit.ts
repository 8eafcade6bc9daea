// helm-hook-guard audit: the hazards a chart's history already shipped. Each commit that touched the chart is
// analysed against its parent (the nearest earlier commit that touched it); a commit introduced what it reports that
// its parent did not, and fixed what its parent reported that it does not. The working tree is never touched.
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeChart } from '../analysis/analyze';
import type { Finding } from '../analysis/findings';
import { RULE_METAS } from '../analysis/analyze';
import { renderChart } from '../chart/render';
import type { ChartFiles, RenderedChart, RenderOptions } from '../chart/types';
import { analysisDeployer, type ChartOptions } from '../config/config';
import { validateRef, type BaselineProvider } from '../git/baseline';
import { CatFile, runGit } from '../git/git';
import { decodeText, isArchive, MAX_FILE_BYTES } from '../workspace/files';
import type { Args } from './args';
import { COLOR, PLAIN, type Style } from './formats';

const NEEDS_BASELINE = new Set(RULE_METAS.filter((r) => r.needsBaseline).map((r) => r.id));

interface Commit {
  sha: string;
  parents: string[];
  date: string;
  author: string;
  subject: string;
}

interface AuditFinding {
  rule: string;
  severity: Finding['severity'];
  file: string;
  line: number;
  column: number;
  message: string;
  resource?: Finding['resource'];
}

interface CommitReport extends Omit<Commit, 'parents'> {
  parent?: string;
  introduced: AuditFinding[];
  fixed: AuditFinding[];
  /** The chart is not at this commit (removed or moved). */
  absent?: boolean;
}

/** The chart's files at commits, read with one `git cat-file --batch`; blobs shared between commits are read once. */
class History {
  private readonly blobs = new Map<string, Promise<Buffer | undefined>>();
  /** Blob ids of the last trees read: blobs of older trees are dropped (history can hold gigabytes of them). */
  private readonly recent: Set<string>[] = [];
  private readonly trees = new Map<string, Promise<ChartFiles | undefined>>();
  private readonly cat: CatFile;

  constructor(
    private readonly root: string,
    private readonly prefix: string,
  ) {
    this.cat = new CatFile(root);
  }

  files(commit: string): Promise<ChartFiles | undefined> {
    let p = this.trees.get(commit);
    if (!p) {
      p = (async () => {
        const r = await runGit(this.root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', this.prefix || '.']);
        if (r.code !== 0) throw new Error(`git ls-tree ${commit.slice(0, 12)} failed: ${r.stderr.split('\n')[0]}`);
        const entries = r.stdout
          .toString('utf8')
          .split('\0')
          .filter(Boolean)
          .map((line) => {
            const tab = line.indexOf('\t');
            const [mode, type, sha] = line.slice(0, tab).split(' ');
            return { mode, type, sha, file: line.slice(tab + 1) };
          })
          .filter((e) => e.type === 'blob' && e.mode !== '120000' && e.file.startsWith(this.prefix));
        const files = new Map<string, string>();
        const binaries = new Map<string, Uint8Array>();
        const blobs = await Promise.all(entries.map((e) => this.blob(e.sha)));
        this.recent.push(new Set(entries.map((e) => e.sha)));
        if (this.recent.length > 4) {
          this.recent.shift();
          for (const sha of this.blobs.keys()) if (!this.recent.some((r) => r.has(sha))) this.blobs.delete(sha);
        }
        entries.forEach((e, i) => {
          const blob = blobs[i];
          if (!blob || blob.length > MAX_FILE_BYTES) return;
          const rel = e.file.slice(this.prefix.length);
          const text = isArchive(rel) ? undefined : decodeText(blob);
          if (text !== undefined) files.set(rel, text);
          else binaries.set(rel, new Uint8Array(blob));
        });
        if (!files.has('Chart.yaml')) return undefined;
        return binaries.size ? { files, binaries } : { files };
      })();
      this.trees.set(commit, p);
    }
    return p;
  }

  /** Renders are cached per files object, so keeping every commit's files would keep every render: let go. */
  forget(commit: string): void {
    this.trees.delete(commit);
  }

  private blob(sha: string): Promise<Buffer | undefined> {
    let p = this.blobs.get(sha);
    if (!p) this.blobs.set(sha, (p = this.cat.read(sha)));
    return p;
  }

  dispose(): void {
    this.cat.dispose();
  }
}

async function commitsOf(root: string, prefix: string, since: string | undefined, until: string): Promise<Commit[]> {
  for (const ref of [since, until]) {
    const bad = ref === undefined ? undefined : validateRef(ref);
    if (bad) throw new Error(bad);
  }
  for (const ref of [since, until]) {
    if (ref === undefined) continue;
    const r = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    if (r.code !== 0) throw new Error(`the ref "${ref}" does not exist in ${root}`);
  }
  // --parents rewrites each parent to the nearest ancestor that touched the chart.
  const r = await runGit(root, [
    'log', '--topo-order', '--reverse', '--parents', '--format=%H %P%x1f%aI%x1f%an%x1f%s%x1e',
    '--end-of-options', until, ...(since ? [`^${since}`] : []), '--', prefix || '.',
  ]);
  if (r.code !== 0) throw new Error(`git log failed: ${r.stderr.split('\n')[0]}`);
  return r.stdout
    .toString('utf8')
    .split('\x1e')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((rec) => {
      const [ids, date, author, subject] = rec.split('\x1f');
      const [sha, ...parents] = ids.trim().split(/\s+/);
      return { sha, parents, date, author, subject };
    });
}

function keyOf(f: Finding, parentLabel?: string): string {
  // Positions inside messages (`template: app/templates/x.yaml:28:82: ...`) move with unrelated edits above them.
  const msg = (parentLabel ? f.message.split(parentLabel).join('<parent>') : f.message).replace(/(\.(?:ya?ml|tpl|txt|json)):\d+(?::\d+)?/g, '$1');
  const res = f.resource ? `${f.resource.kind}/${f.resource.namespace ?? ''}/${f.resource.name}` : f.location.path;
  return `${f.rule}\0${res}\0${msg}`;
}

function brief(f: Finding): AuditFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    file: f.location.path,
    line: f.location.range.start.line + 1,
    column: f.location.range.start.character + 1,
    message: f.message,
    ...(f.resource ? { resource: f.resource } : {}),
  };
}

export interface AuditOptions extends Args {
  options: ChartOptions & { render: RenderOptions };
}

type Keyed = [string, AuditFinding][];

/** One commit's analysis: what it reports on its own, and its transitions against each parent. */
interface CommitAnalysis {
  absent: boolean;
  state: Keyed;
  transitions: Keyed[];
}

interface AnalysisSettings {
  render: RenderOptions;
  rules?: ChartOptions['rules'];
  deployer: 'auto' | 'helm4' | 'helm3' | 'flux' | 'argocd';
  applyMode?: ChartOptions['applyMode'];
  flux?: ChartOptions['flux'];
}

/** Analyses commits in order; a commit's render is kept for the next commit that has it as its parent. */
class CommitAnalyzer {
  private readonly renders = new WeakMap<ChartFiles, RenderedChart>();
  constructor(private readonly s: AnalysisSettings) {}

  private readonly renderer = (files: ChartFiles, opts: RenderOptions): RenderedChart => {
    let r = this.renders.get(files);
    if (!r) this.renders.set(files, (r = renderChart(files, opts)));
    return r;
  };

  private run(files: ChartFiles, base: ChartFiles | undefined, baseRef: string): Finding[] {
    return analyzeChart({ chart: files, baseline: base, baseRef, render: this.s.render, rules: this.s.rules, deployer: this.s.deployer, applyMode: this.s.applyMode, flux: this.s.flux, renderer: this.renderer }).findings;
  }

  commit(files: ChartFiles | undefined, parents: (ChartFiles | undefined)[], parentIds: string[]): CommitAnalysis {
    if (!files) return { absent: true, state: [], transitions: [] };
    let state: Keyed | undefined;
    const transitions: Keyed[] = [];
    for (const [i, base] of (parents.length ? parents : [undefined]).entries()) {
      const label = parentIds[i] ? parentIds[i].slice(0, 12) : 'HEAD';
      const findings = this.run(files, base, label);
      state ??= findings.filter((f) => !NEEDS_BASELINE.has(f.rule)).map((f) => [keyOf(f), brief(f)]);
      transitions.push(findings.filter((f) => NEEDS_BASELINE.has(f.rule)).map((f) => [keyOf(f, label), brief(f)]));
    }
    return { absent: false, state: state!, transitions };
  }
}

type ToWorker = { type: 'files'; sha: string; files: ChartFiles | null } | { type: 'forget'; sha: string } | { type: 'commit'; index: number; sha: string; parents: string[] };

// A worker thread of `audit --jobs N`: the same bundle, started with workerData.hhgAudit.
if (!isMainThread && (workerData as { hhgAudit?: AnalysisSettings } | undefined)?.hhgAudit) {
  const analyzer = new CommitAnalyzer((workerData as { hhgAudit: AnalysisSettings }).hhgAudit);
  const files = new Map<string, ChartFiles | undefined>();
  parentPort!.on('message', (m: ToWorker) => {
    if (m.type === 'files') files.set(m.sha, m.files ?? undefined);
    else if (m.type === 'forget') files.delete(m.sha);
    else {
      try {
        const result = analyzer.commit(files.get(m.sha), m.parents.map((p) => files.get(p)), m.parents);
        parentPort!.postMessage({ index: m.index, result });
      } catch (e) {
        parentPort!.postMessage({ index: m.index, error: (e as Error).stack ?? String(e) });
      }
    }
  });
}

/** Analyses `commits` in `jobs` contiguous runs, one worker thread each (a run shares renders along its commits). */
async function analyzeAll(commits: Commit[], history: History, settings: AnalysisSettings, jobs: number): Promise<CommitAnalysis[]> {
  const out: CommitAnalysis[] = new Array(commits.length);
  const chunks: [number, number][] = [];
  const size = Math.ceil(commits.length / jobs);
  for (let a = 0; a < commits.length; a += size) chunks.push([a, Math.min(commits.length, a + size)]);
  const lastUse = (from: number, to: number) => {
    const m = new Map<string, number>();
    for (let i = from; i < to; i++) for (const sha of [commits[i].sha, ...commits[i].parents]) m.set(sha, i);
    return m;
  };
  if (chunks.length <= 1) {
    const analyzer = new CommitAnalyzer(settings);
    const last = lastUse(0, commits.length);
    for (const [i, c] of commits.entries()) {
      out[i] = analyzer.commit(await history.files(c.sha), await Promise.all(c.parents.map((p) => history.files(p))), c.parents);
      // Renders are cached per files object, so files kept would keep every render: let go after the last use.
      for (const sha of [c.sha, ...c.parents]) if (last.get(sha) === i) history.forget(sha);
    }
    return out;
  }
  const file = __filename;
  await Promise.all(
    chunks.map(async ([from, to]) => {
      const worker = new Worker(file, { workerData: { hhgAudit: settings } });
      const last = lastUse(from, to);
      const sent = new Set<string>();
      const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
      worker.on('message', (m: { index: number; result?: CommitAnalysis; error?: string }) => {
        const p = pending.get(m.index)!;
        pending.delete(m.index);
        if (m.error) p.reject(new Error(`analysis of ${commits[m.index].sha.slice(0, 12)} failed: ${m.error}`));
        else {
          out[m.index] = m.result!;
          p.resolve();
        }
      });
      worker.on('error', (e) => {
        for (const p of pending.values()) p.reject(e);
      });
      try {
        const inFlight: Promise<void>[] = [];
        for (let i = from; i < to; i++) {
          const c = commits[i];
          for (const sha of [c.sha, ...c.parents]) {
            if (sent.has(sha)) continue;
            sent.add(sha);
            worker.postMessage({ type: 'files', sha, files: (await history.files(sha)) ?? null } satisfies ToWorker);
            history.forget(sha); // the worker has its copy
          }
          inFlight.push(new Promise<void>((resolve, reject) => pending.set(i, { resolve, reject })));
          worker.postMessage({ type: 'commit', index: i, sha: c.sha, parents: c.parents } satisfies ToWorker);
          for (const sha of [c.sha, ...c.parents]) if (last.get(sha) === i) worker.postMessage({ type: 'forget', sha } satisfies ToWorker);
          // A few commits ahead of the worker, not the whole history in its queue.
          if (inFlight.length >= 8) await inFlight.shift();
        }
        await Promise.all(inFlight);
      } finally {
        await worker.terminate();
      }
    }),
  );
  return out;
}

export async function audit(dir: string, a: AuditOptions, git: BaselineProvider, io: { out(s: string): void; err(s: string): void; cwd: string; tty: boolean; env: NodeJS.ProcessEnv }): Promise<number> {
  const started = Date.now();
  const repo = await git.repoOf(path.resolve(dir));
  if (typeof repo === 'string') throw new Error(`${dir}: ${repo}`);
  const commits = await commitsOf(repo.root, repo.prefix, a.since, a.until ?? 'HEAD');
  const history = new History(repo.root, repo.prefix);
  const o = a.options;
  const settings: AnalysisSettings = { render: o.render, rules: o.rules, deployer: analysisDeployer(o.deployer ?? 'auto'), applyMode: o.applyMode, flux: o.flux };
  // Small histories are not worth a thread's start-up.
  const jobs = a.jobs ?? (commits.length >= 64 ? Math.min(4, Math.max(1, availableParallelism())) : 1);
  const reports: CommitReport[] = [];
  try {
    const analyses = await analyzeAll(commits, history, settings, Math.max(1, Math.min(jobs, commits.length)));
    const states = new Map<string, Map<string, AuditFinding>>(commits.map((c, i) => [c.sha, new Map(analyses[i].state)]));
    // Parents before --since are not in the walk: their state is analysed here, once each.
    const outside = new CommitAnalyzer(settings);
    const stateOf = async (sha: string) => {
      let st = states.get(sha);
      if (!st) states.set(sha, (st = new Map(outside.commit(await history.files(sha), [], []).state)));
      return st;
    };
    for (const [i, c] of commits.entries()) {
      const { parents, ...info } = c;
      const r = analyses[i];
      if (r.absent) {
        reports.push({ ...info, parent: parents[0], introduced: [], fixed: [], absent: true });
        continue;
      }
      const state = states.get(c.sha)!;
      const transitions = r.transitions.map((t) => new Map(t));
      const introduced = new Map<string, AuditFinding>();
      // A merge introduced only what it shows against all of its parents (the rest came with a branch, reported at
      // the branch's own commit).
      for (const [k, f] of transitions[0]) if (transitions.every((t) => t.has(k))) introduced.set(k, f);
      const parentStates = await Promise.all(parents.map(stateOf));
      for (const [k, f] of state) if (!parentStates.some((st) => st.has(k))) introduced.set(k, f);
      const fixed: AuditFinding[] = [];
      if (parentStates.length) for (const [k, f] of parentStates[0]) if (parentStates.every((st) => st.has(k)) && !state.has(k)) fixed.push(f);
      reports.push({ ...info, parent: parents[0], introduced: [...introduced.values()], fixed });
    }
  } finally {
    history.dispose();
  }
  const seconds = (Date.now() - started) / 1000;
  const chart = path.relative(io.cwd, path.resolve(dir)) || '.';
  const introducedCount = reports.reduce((n, r) => n + r.introduced.length, 0);
  const fixedCount = reports.reduce((n, r) => n + r.fixed.length, 0);
  if (a.format === 'json') {
    io.out(JSON.stringify({ chart, commits: reports, summary: { commits: reports.length, introduced: introducedCount, fixed: fixedCount, seconds } }, null, 2) + '\n');
    return 0;
  }
  const style: Style = a.color ?? (io.tty && !io.env.NO_COLOR) ? COLOR : PLAIN;
  const lines: string[] = [];
  for (const r of reports) {
    const shown = a.quiet ? r.introduced.filter((f) => f.severity === 'error') : r.introduced;
    if (!shown.length && (a.quiet || !r.fixed.length) && !r.absent) continue;
    lines.push(`${style.bold(r.sha.slice(0, 12))} ${r.date.slice(0, 10)} ${r.subject}`);
    if (r.absent) lines.push(`  ${style.dim('the chart is not at this commit')}`);
    for (const f of shown) lines.push(`  + ${style.severity(f.severity, f.severity)} ${f.rule} ${f.file}:${f.line}:${f.column}: ${f.message}`);
    if (!a.quiet) for (const f of r.fixed) lines.push(`  - ${style.dim(`fixed ${f.severity} ${f.rule}`)} ${f.file}: ${f.message}`);
  }
  const errors = reports.reduce((n, r) => n + r.introduced.filter((f) => f.severity === 'error').length, 0);
  lines.push(
    `${reports.length} commit${reports.length === 1 ? '' : 's'} touched ${chart}: ${introducedCount} hazard${introducedCount === 1 ? '' : 's'} introduced (${errors} error${errors === 1 ? '' : 's'}), ${fixedCount} fixed; ${seconds.toFixed(1)} s.`,
  );
  io.out(lines.join('\n') + '\n');
  return 0;
}
