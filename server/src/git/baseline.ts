// The chart as it is at a git ref: what the release manifest most likely holds today.
import * as path from 'node:path';
import type { ChartFiles } from '../chart/types';
import { decodeText } from '../workspace/files';
import { CatFile, GitError, runGit } from './git';

export type Baseline =
  | { ok: true; ref: string; commit: string; files: ChartFiles }
  | { ok: false; ref: string; reason: string };

interface RepoInfo {
  root: string;
  /** The chart folder inside the repository, with a trailing '/', or '' at the root. */
  prefix: string;
}

/** A ref from settings or the command line: never an option, never a path trick. */
export function validateRef(ref: string): string | undefined {
  if (ref.length === 0 || ref.length > 256) return 'the base ref is empty or too long';
  if (ref.startsWith('-')) return `the base ref "${ref}" starts with "-"`;
  if (/[\x00-\x20\x7f]/.test(ref)) return `the base ref "${ref}" contains spaces or control characters`;
  return undefined;
}

export class BaselineProvider {
  private readonly repos = new Map<string, Promise<RepoInfo | string>>();
  private readonly commits = new Map<string, { at: number; commit: Promise<string | { reason: string }> }>();
  private readonly trees = new Map<string, Promise<ChartFiles>>();
  private readonly catFiles = new Map<string, CatFile>();

  private repoOf(chartDir: string): Promise<RepoInfo | string> {
    let p = this.repos.get(chartDir);
    if (!p) {
      p = runGit(chartDir, ['rev-parse', '--show-toplevel', '--show-prefix']).then(
        (r) => {
          if (r.code !== 0) {
            return /not a git repository/i.test(r.stderr)
              ? 'the folder is not in a git repository'
              : `git rev-parse failed: ${r.stderr.split('\n')[0]}`;
          }
          const [root, prefix = ''] = r.stdout.toString('utf8').split('\n');
          return { root, prefix };
        },
        (e: Error) => e.message,
      );
      this.repos.set(chartDir, p);
    }
    return p;
  }

  /** Resolved refs are trusted this long; file watchers call refsChanged() sooner when they can. */
  static readonly REF_TTL_MS = 3000;

  private resolve(root: string, ref: string): Promise<string | { reason: string }> {
    const key = `${root}\0${ref}`;
    const cached = this.commits.get(key);
    if (cached && Date.now() - cached.at < BaselineProvider.REF_TTL_MS) return cached.commit;
    const commit = (async () => {
      const r = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
      if (r.code === 0) return r.stdout.toString('utf8').trim();
      const head = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
      if (head.code !== 0 && ref === 'HEAD') return { reason: 'the repository has no commits yet' };
      return { reason: `the base ref "${ref}" does not exist in this repository` };
    })().catch((e: Error) => ({ reason: e.message }));
    this.commits.set(key, { at: Date.now(), commit });
    return commit;
  }

  private catFile(root: string): CatFile {
    let c = this.catFiles.get(root);
    if (!c) this.catFiles.set(root, (c = new CatFile(root)));
    return c;
  }

  private readTree(root: string, commit: string, prefix: string): Promise<ChartFiles> {
    const key = `${commit}\0${root}\0${prefix}`;
    let p = this.trees.get(key);
    if (!p) {
      p = (async () => {
        const args = ['ls-tree', '-r', '-z', '--full-tree', commit];
        if (prefix) args.push('--', prefix);
        const r = await runGit(root, args);
        if (r.code !== 0) throw new GitError(`git ls-tree failed: ${r.stderr.split('\n')[0]}`);
        const entries = r.stdout
          .toString('utf8')
          .split('\0')
          .filter(Boolean)
          .map((line) => {
            const tab = line.indexOf('\t');
            const [mode, type, sha] = line.slice(0, tab).split(' ');
            return { mode, type, sha, file: line.slice(tab + 1) };
          })
          .filter((e) => e.type === 'blob' && e.mode !== '120000' && e.file.startsWith(prefix));
        const cat = this.catFile(root);
        const blobs = await Promise.all(entries.map((e) => cat.read(e.sha)));
        const files = new Map<string, string>();
        entries.forEach((e, i) => {
          const text = blobs[i] && decodeText(blobs[i]!);
          if (text !== undefined) files.set(e.file.slice(prefix.length), text);
        });
        return { files };
      })();
      this.trees.set(key, p);
      p.catch(() => this.trees.delete(key));
    }
    return p;
  }

  /** The chart folder's files at `ref`. Never throws: a missing baseline comes back with the reason. */
  async baseline(chartDir: string, ref: string): Promise<Baseline> {
    const invalid = validateRef(ref);
    if (invalid) return { ok: false, ref, reason: invalid };
    try {
      const repo = await this.repoOf(path.resolve(chartDir));
      if (typeof repo === 'string') return { ok: false, ref, reason: repo };
      const commit = await this.resolve(repo.root, ref);
      if (typeof commit !== 'string') return { ok: false, ref, reason: commit.reason };
      const files = await this.readTree(repo.root, commit, repo.prefix);
      if (!files.files.has('Chart.yaml')) {
        return { ok: false, ref, reason: `the chart is not in ${ref} (${commit.slice(0, 8)}) yet` };
      }
      return { ok: true, ref, commit, files };
    } catch (e) {
      return { ok: false, ref, reason: (e as Error).message };
    }
  }

  /** HEAD or refs moved (commit, checkout, rebase, fetch): resolve refs again. Trees stay cached by commit. */
  refsChanged(): void {
    this.commits.clear();
  }

  /** Folders may have become (or stopped being) repositories. */
  reset(): void {
    this.repos.clear();
    this.commits.clear();
  }

  dispose(): void {
    for (const c of this.catFiles.values()) c.dispose();
    this.catFiles.clear();
  }
}
