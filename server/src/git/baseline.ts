// The chart as it is at a git ref: what the release manifest most likely holds today.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ChartFiles } from '../chart/types';
import { decodeText, isArchive, MAX_FILE_BYTES } from '../workspace/files';
import { Lru } from '../util/lru';
import { CatFile, GitError, runGit } from './git';
import { exists } from '../util/exists';
import type { RepositoryRefs } from '../analysis/bases';

export type Baseline =
  | { ok: true; ref: string; commit: string; files: ChartFiles; label?: string }
  | { ok: false; ref: string; reason: string; label?: string };

interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  file: string;
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

/** Characters of a chart's files, for the bound of the tree cache. */
function sizeOfFiles(files: ChartFiles): number {
  let n = 0;
  for (const [p, t] of files.files) n += p.length + t.length;
  for (const [p, b] of files.binaries ?? []) n += p.length + b.length;
  return n;
}

export class BaselineProvider {
  private readonly repos = new Lru<string, Promise<RepoInfo | string>>({ maxEntries: 4096 });
  private readonly commits = new Lru<string, { at: number; commit: Promise<string | { reason: string }> }>({ maxEntries: 1024 });
  /** The commit each repository and ref resolved to last: when it moves, what was read at the old one is released. */
  private readonly heads = new Lru<string, string>({ maxEntries: 1024 });
  // Chart trees by commit, bounded by characters once read (the chart being edited is read on every keystroke, so it
  // stays); listings are whole repositories, so only a few.
  private readonly treeSizes = new WeakMap<Promise<ChartFiles>, number>();
  private readonly trees = new Lru<string, Promise<ChartFiles>>({ maxEntries: 1024, maxSize: 16_000_000, sizeOf: (p) => this.treeSizes.get(p) ?? 0 });
  private readonly catFiles = new Lru<string, CatFile>({ maxEntries: 16, onEvict: (_, c) => c.close() });

  private readonly roots = new Lru<string, Promise<string | undefined>>({ maxEntries: 4096 });
  private readonly listings = new Lru<string, Promise<TreeEntry[]>>({ maxEntries: 4 });

  /** The repository holding a chart, found by walking up to `.git` (no process per chart), confirmed by git once. */
  repoOf(chartDir: string): Promise<RepoInfo | string> {
    return this.repos.getOrSet(chartDir, () =>
      (async () => {
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
      })().catch((e: Error) => e.message),
    );
  }

  private topLevel(dir: string): Promise<string | undefined> {
    return this.roots.getOrSet(dir, () =>
      runGit(dir, ['rev-parse', '--show-toplevel']).then((r) => {
        if (r.code !== 0) {
          if (/not a git repository/i.test(r.stderr)) return undefined;
          throw new GitError(`git rev-parse failed: ${r.stderr.split('\n')[0]}`);
        }
        return r.stdout.toString('utf8').trim();
      }),
    );
  }

  /** Every blob of a commit: one `git ls-tree` per commit, however many charts the repository holds. */
  private listing(root: string, commit: string): Promise<TreeEntry[]> {
    return this.listings.getOrSet(`${commit}\0${root}`, () =>
      runGit(root, ['ls-tree', '-r', '-z', '--full-tree', commit]).then((r) => {
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
      }),
    );
  }

  /** Resolved refs are trusted this long; file watchers call refsChanged() sooner when they can. */
  static readonly REF_TTL_MS = 3000;

  private resolve(root: string, ref: string): Promise<string | { reason: string }> {
    const key = `${root}\0${ref}`;
    const cached = this.commits.get(key);
    if (cached && Date.now() - cached.at < BaselineProvider.REF_TTL_MS) return cached.commit;
    const commit = (async () => {
      const r = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
      if (r.code === 0) {
        const resolved = r.stdout.toString('utf8').trim();
        this.moved(key, resolved);
        return resolved;
      }
      this.moved(key, undefined);
      const head = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
      if (head.code !== 0 && ref === 'HEAD') return { reason: 'the repository has no commits yet' };
      return { reason: `the base ref "${ref}" does not exist in this repository` };
    })().catch((e: Error) => ({ reason: e.message }));
    this.commits.set(key, { at: Date.now(), commit });
    return commit;
  }

  /** A ref now resolves to `commit` (or to nothing): trees and listings read at the commit it left go, unless another
   *  ref of the repository still stands on it. */
  private moved(key: string, commit: string | undefined): void {
    const old = this.heads.peek(key);
    if (commit) this.heads.set(key, commit);
    else this.heads.delete(key);
    if (!old || old === commit) return;
    const root = key.slice(0, key.indexOf('\0'));
    if (this.heads.keys().some((k) => k.startsWith(root + '\0') && this.heads.peek(k) === old)) return;
    this.release(root, old);
  }

  private release(root: string, commit: string): void {
    this.trees.deleteWhere((k) => k.startsWith(`${commit}\0${root}\0`));
    this.listings.delete(`${commit}\0${root}`);
  }

  private disposed = false;

  private catFile(root: string): CatFile {
    // A read still in flight after dispose() must not start a process nobody will stop.
    if (this.disposed) throw new GitError('the baseline reader was closed');
    return this.catFiles.getOrSet(root, () => new CatFile(root));
  }

  /**
   * The files under `prefix` at a full commit id (no ref to resolve); the same object for the same commit. A text
   * equal to `current`'s at the same path is `current`'s string: a kept baseline does not hold a second copy of every
   * unchanged file (kube-prometheus-stack: 8 MB). `current` never rejects (baseline() sees to it).
   */
  private readTree(root: string, commit: string, prefix: string, current?: Promise<ChartFiles | undefined>): Promise<ChartFiles> {
    const key = `${commit}\0${root}\0${prefix}`;
    let p = this.trees.get(key);
    if (!p) {
      const read = (async () => {
        const entries = (await this.listing(root, commit)).filter((e) => e.file.startsWith(prefix));
        const cat = this.catFile(root);
        const [blobs, like] = await Promise.all([Promise.all(entries.map((e) => cat.read(e.sha))), current]);
        const files = new Map<string, string>();
        const binaries = new Map<string, Uint8Array>();
        entries.forEach((e, i) => {
          const blob = blobs[i];
          if (!blob || blob.length > MAX_FILE_BYTES) return;
          const text = isArchive(e.file) ? undefined : decodeText(blob);
          const rel = e.file.slice(prefix.length);
          const mine = like?.files.get(rel);
          if (text !== undefined) files.set(rel, mine !== undefined && mine === text ? mine : text);
          else binaries.set(rel, new Uint8Array(blob));
        });
        return binaries.size ? { files, binaries } : { files };
      })();
      p = read;
      this.trees.set(key, read);
      read.then(
        (files) => {
          this.treeSizes.set(read, sizeOfFiles(files));
          if (this.trees.peek(key) === read) this.trees.set(key, read); // counts its size now that it is known
        },
        () => this.trees.peek(key) === read && this.trees.delete(key),
      );
    }
    return p;
  }

  /** The chart folder's files at `ref` (`current`: see readTree). Never throws: a missing baseline comes back with the
   *  reason. */
  async baseline(chartDir: string, ref: string, current?: Promise<ChartFiles | undefined>): Promise<Baseline> {
    const like = current?.catch(() => undefined); // a failed read of the working tree only shares nothing
    if (this.disposed) return { ok: false, ref, reason: 'the server is shutting down' };
    const invalid = validateRef(ref);
    if (invalid) return { ok: false, ref, reason: invalid };
    try {
      const repo = await this.repoOf(path.resolve(chartDir));
      if (typeof repo === 'string') return { ok: false, ref, reason: repo };
      const commit = await this.resolve(repo.root, ref);
      if (typeof commit !== 'string') return { ok: false, ref, reason: commit.reason };
      const files = await this.readTree(repo.root, commit, repo.prefix, like);
      if (!files.files.has('Chart.yaml')) {
        return { ok: false, ref, reason: `the chart is not in ${ref} (${commit.slice(0, 8)}) yet` };
      }
      return { ok: true, ref, commit, files };
    } catch (e) {
      return { ok: false, ref, reason: (e as Error).message };
    }
  }

  /**
   * The commit `ref` names and the id of the chart folder's tree in it (subcharts included): all of the baseline's
   * sources, so what a persistent cache of its render is keyed by. Costs no blob reads. Never throws.
   */
  async treeOf(chartDir: string, ref: string): Promise<{ ok: true; commit: string; tree: string } | { ok: false; reason: string }> {
    const invalid = validateRef(ref);
    if (invalid) return { ok: false, reason: invalid };
    try {
      const repo = await this.repoOf(path.resolve(chartDir));
      if (typeof repo === 'string') return { ok: false, reason: repo };
      const commit = await this.resolve(repo.root, ref);
      if (typeof commit !== 'string') return { ok: false, reason: commit.reason };
      const r = await runGit(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${commit}:${repo.prefix}`]);
      if (r.code !== 0) return { ok: false, reason: `the chart is not in ${ref} (${commit.slice(0, 8)}) yet` };
      return { ok: true, commit, tree: r.stdout.toString('utf8').trim() };
    } catch (e) {
      return { ok: false, reason: (e as Error).message };
    }
  }

  private readonly upstreams = new Lru<string, { at: number; refs: Promise<RepositoryRefs> }>({ maxEntries: 256 });

  /**
   * HEAD, the upstream branch (`@{upstream}`, else the remote's default branch `origin/HEAD`) and their merge-base,
   * for the default bases. Never throws: what git cannot say is left out.
   */
  async repositoryRefs(chartDir: string): Promise<RepositoryRefs> {
    if (this.disposed) return {};
    const repo = await this.repoOf(path.resolve(chartDir)).catch(() => 'no repository');
    if (typeof repo === 'string') return {};
    const cached = this.upstreams.get(repo.root);
    if (cached && Date.now() - cached.at < BaselineProvider.REF_TTL_MS) return cached.refs;
    // Older than the TTL: answered from the cache while git is asked again for the next analysis (an edit does not
    // wait for four git processes); refsChanged() (file watchers) drops the cache, so moved refs are waited for.
    if (cached) {
      if (this.disposed) return cached.refs;
      const next = this.readRepositoryRefs(repo.root);
      void next.then((refs) => {
        if (this.upstreams.peek(repo.root) === cached) this.upstreams.set(repo.root, { at: Date.now(), refs: Promise.resolve(refs) });
      });
      cached.at = Date.now(); // one refresh at a time
      return cached.refs;
    }
    const refs = this.readRepositoryRefs(repo.root);
    this.upstreams.set(repo.root, { at: Date.now(), refs });
    return refs;
  }

  private readRepositoryRefs(root: string): Promise<RepositoryRefs> {
    const repo = { root };
    return (async (): Promise<RepositoryRefs> => {
      const line = async (args: string[]) => {
        const r = await runGit(repo.root, args);
        return r.code === 0 ? r.stdout.toString('utf8').trim() || undefined : undefined;
      };
      // In parallel: this runs before the analysis of an edit once the cached answer is older than REF_TTL_MS.
      const [head, tracked, remoteDefault] = await Promise.all([
        line(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']),
        line(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']),
        line(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']),
      ]);
      if (!head) return {};
      const upstream = tracked ?? remoteDefault;
      if (!upstream || upstream.startsWith('-')) return { head };
      const mergeBase = await line(['merge-base', '--end-of-options', 'HEAD', upstream]);
      return { head, upstream, mergeBase };
    })().catch(() => ({}));
  }

  /** HEAD or refs moved (commit, checkout, rebase, fetch): resolve refs again. Trees stay cached by commit until the
   *  refs resolve elsewhere. */
  refsChanged(): void {
    this.commits.clear();
    this.upstreams.clear();
  }

  /** Folders may have become (or stopped being) repositories. */
  reset(): void {
    this.repos.clear();
    this.roots.clear();
    this.commits.clear();
    this.upstreams.clear();
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.catFiles.values()) c.dispose();
    this.catFiles.clear();
  }
}
