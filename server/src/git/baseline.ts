// The chart as it is at a git ref: what the release manifest most likely holds today.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ChartFiles } from '../chart/types';
import { decodeText, isArchive, MAX_FILE_BYTES } from '../workspace/files';
import { CatFile, GitError, runGit } from './git';

export type Baseline =
  | { ok: true; ref: string; commit: string; files: ChartFiles }
  | { ok: false; ref: string; reason: string };

interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  file: string;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

export interface RepoInfo {
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

  private readonly roots = new Map<string, Promise<string | undefined>>();
  private readonly listings = new Map<string, Promise<TreeEntry[]>>();

  /** The repository holding a chart, found by walking up to `.git` (no process per chart), confirmed by git once. */
  repoOf(chartDir: string): Promise<RepoInfo | string> {
    let p = this.repos.get(chartDir);
    if (!p) {
      p = (async () => {
        const real = await fs.realpath(chartDir);
        let root: string | undefined;
        for (let dir = real; ; dir = path.dirname(dir)) {
          if (await exists(path.join(dir, '.git'))) {
            root = dir;
            break;
          }
          if (dir === path.dirname(dir)) break;
        }
        if (!root) return 'the folder is not in a git repository';
        const top = await this.topLevel(root);
        if (top === undefined) return 'the folder is not in a git repository';
        const rel = path.relative(top, real).split(path.sep).join('/');
        return { root: top, prefix: rel ? rel + '/' : '' };
      })().catch((e: Error) => e.message);
      this.repos.set(chartDir, p);
    }
    return p;
  }

  private topLevel(dir: string): Promise<string | undefined> {
    let p = this.roots.get(dir);
    if (!p) {
      p = runGit(dir, ['rev-parse', '--show-toplevel']).then((r) => {
        if (r.code !== 0) {
          if (/not a git repository/i.test(r.stderr)) return undefined;
          throw new GitError(`git rev-parse failed: ${r.stderr.split('\n')[0]}`);
        }
        return r.stdout.toString('utf8').trim();
      });
      this.roots.set(dir, p);
      p.catch(() => this.roots.delete(dir));
    }
    return p;
  }

  /** Every blob of a commit: one `git ls-tree` per commit, however many charts the repository holds. */
  private listing(root: string, commit: string): Promise<TreeEntry[]> {
    const key = `${commit}\0${root}`;
    let p = this.listings.get(key);
    if (!p) {
      p = runGit(root, ['ls-tree', '-r', '-z', '--full-tree', commit]).then((r) => {
        if (r.code !== 0) throw new GitError(`git ls-tree failed: ${r.stderr.split('\n')[0]}`);
        return r.stdout
          .toString('utf8')
          .split('\0')
          .filter(Boolean)
          .map((line) => {
            const tab = line.indexOf('\t');
            const [mode, type, sha] = line.slice(0, tab).split(' ');
            return { mode, type, sha, file: line.slice(tab + 1) };
          })
          .filter((e) => e.type === 'blob' && e.mode !== '120000');
      });
      this.listings.set(key, p);
      p.catch(() => this.listings.delete(key));
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

  private disposed = false;

  private catFile(root: string): CatFile {
    // A read still in flight after dispose() must not start a process nobody will stop.
    if (this.disposed) throw new GitError('the baseline reader was closed');
    let c = this.catFiles.get(root);
    if (!c) this.catFiles.set(root, (c = new CatFile(root)));
    return c;
  }

  /** The files under `prefix` at a full commit id (no ref to resolve); the same object for the same commit. */
  readTree(root: string, commit: string, prefix: string): Promise<ChartFiles> {
    const key = `${commit}\0${root}\0${prefix}`;
    let p = this.trees.get(key);
    if (!p) {
      p = (async () => {
        const entries = (await this.listing(root, commit)).filter((e) => e.file.startsWith(prefix));
        const cat = this.catFile(root);
        const blobs = await Promise.all(entries.map((e) => cat.read(e.sha)));
        const files = new Map<string, string>();
        const binaries = new Map<string, Uint8Array>();
        entries.forEach((e, i) => {
          const blob = blobs[i];
          if (!blob || blob.length > MAX_FILE_BYTES) return;
          const text = isArchive(e.file) ? undefined : decodeText(blob);
          if (text !== undefined) files.set(e.file.slice(prefix.length), text);
          else binaries.set(e.file.slice(prefix.length), new Uint8Array(blob));
        });
        return binaries.size ? { files, binaries } : { files };
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
    this.roots.clear();
    this.commits.clear();
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.catFiles.values()) c.dispose();
    this.catFiles.clear();
  }
}
