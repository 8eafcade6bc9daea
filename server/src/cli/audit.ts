// helm-hook-guard audit: the hazards a chart's history already shipped. Each commit that touched the chart is
// analysed against its parent (the nearest earlier commit that touched it); a commit introduced what it reports that
// its parent did not, and fixed what its parent reported that it does not. The working tree is never touched.
import * as path from 'node:path';
import { analyzeChart } from '../analysis/analyze';
import type { Finding } from '../analysis/findings';
import { RULES } from '../analysis/rules';
import type { ChartFiles, RenderOptions } from '../chart/types';
import { analysisDeployer, type ChartOptions } from '../config/config';
import { validateRef, type BaselineProvider } from '../git/baseline';
import { CatFile, runGit } from '../git/git';
import { decodeText, isArchive, MAX_FILE_BYTES } from '../workspace/files';
import type { Args } from './args';
import { COLOR, PLAIN, type Style } from './formats';

const NEEDS_BASELINE = new Set(RULES.filter((r) => r.needsBaseline).map((r) => r.id));

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
  const msg = parentLabel ? f.message.split(parentLabel).join('<parent>') : f.message;
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

export async function audit(dir: string, a: AuditOptions, git: BaselineProvider, io: { out(s: string): void; err(s: string): void; cwd: string; tty: boolean; env: NodeJS.ProcessEnv }): Promise<number> {
  const started = Date.now();
  const repo = await git.repoOf(path.resolve(dir));
  if (typeof repo === 'string') throw new Error(`${dir}: ${repo}`);
  const commits = await commitsOf(repo.root, repo.prefix, a.since, a.until ?? 'HEAD');
  const history = new History(repo.root, repo.prefix);
  const o = a.options;
  const analyze = (files: ChartFiles, base: ChartFiles | undefined, baseRef: string) =>
    analyzeChart({ chart: files, baseline: base, baseRef, render: o.render, rules: o.rules, deployer: analysisDeployer(o.deployer ?? 'auto') });
  // What each commit reports on its own (rules that need no baseline), by commit.
  const states = new Map<string, Promise<Map<string, Finding>>>();
  const stateOf = (sha: string, files?: ChartFiles, findings?: Finding[]): Promise<Map<string, Finding>> => {
    let p = states.get(sha);
    if (!p) {
      p = (async () => {
        const f = files ?? (await history.files(sha));
        if (!f) return new Map<string, Finding>();
        const all = findings ?? analyze(f, undefined, 'HEAD').findings;
        return new Map(all.filter((x) => !NEEDS_BASELINE.has(x.rule)).map((x) => [keyOf(x), x]));
      })();
      states.set(sha, p);
    }
    return p;
  };

  // The last commit that needs each commit's files (as itself or as a parent): after it, they are dropped.
  const lastUse = new Map<string, number>();
  commits.forEach((c, i) => {
    for (const sha of [c.sha, ...c.parents]) lastUse.set(sha, i);
  });
  const reports: CommitReport[] = [];
  try {
    for (const [i, c] of commits.entries()) {
      if (i > 0) for (const sha of [commits[i - 1].sha, ...commits[i - 1].parents]) if (lastUse.get(sha) === i - 1) history.forget(sha);
      const files = await history.files(c.sha);
      const { parents, ...info } = c;
      if (!files) {
        reports.push({ ...info, parent: parents[0], introduced: [], fixed: [], absent: true });
        continue;
      }
      const introduced = new Map<string, Finding>();
      let state: Map<string, Finding> | undefined;
      // Transitions (a regular resource turned hook, ...) against each parent; a merge introduced only what it shows
      // against all of its parents (the rest came with the branch, reported at its own commit).
      const transitions: Map<string, Finding>[] = [];
      for (const p of parents.length ? parents : [undefined]) {
        const base = p ? await history.files(p) : undefined;
        const label = p ? p.slice(0, 12) : 'HEAD';
        const result = analyze(files, base, label);
        state ??= await stateOf(c.sha, files, result.findings);
        transitions.push(new Map(result.findings.filter((f) => NEEDS_BASELINE.has(f.rule)).map((f) => [keyOf(f, label), f])));
      }
      for (const [k, f] of transitions[0]) if (transitions.every((t) => t.has(k))) introduced.set(k, f);
      const parentStates = await Promise.all(parents.map((p) => stateOf(p)));
      for (const [k, f] of state!) if (!parentStates.some((s) => s.has(k))) introduced.set(k, f);
      const fixed: Finding[] = [];
      if (parentStates.length) for (const [k, f] of parentStates[0]) if (parentStates.every((s) => s.has(k)) && !state!.has(k)) fixed.push(f);
      reports.push({ ...info, parent: parents[0], introduced: [...introduced.values()].map(brief), fixed: fixed.map(brief) });
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
