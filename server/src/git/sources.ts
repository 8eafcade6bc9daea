// Every kind of baseline behind one call: a git ref of the chart's repository, a packaged chart (.tgz), or a chart
// version published in a chart repository. The CLI and the language server both go through here.
import * as path from 'node:path';
import { BaselineProvider, type Baseline } from './baseline';
import type { ChartFiles } from '../chart/types';
import { configuredBases, defaultBases, type BaseSpec } from '../analysis/bases';
import { isArchiveRef, parseRepoRef, PublishedCharts } from './published';

export type BaseKind = 'git' | 'archive' | 'repository';

export function baseKind(ref: string): BaseKind {
  if (parseRepoRef(ref)) return 'repository';
  if (isArchiveRef(ref)) return 'archive';
  return 'git';
}

export class Baselines {
  /** Time allowed for each download from a chart repository. */
  timeoutMs = 30_000;

  constructor(
    readonly git = new BaselineProvider(),
    readonly published = new PublishedCharts(),
  ) {}

  /**
   * The chart as `ref` has it. A relative archive path is relative to `relativeTo` (default: the working folder).
   * Never throws: a missing baseline comes back with the reason. `current`: the working tree's files, whose texts a
   * baseline read from git shares where they are equal (see BaselineProvider.readTree).
   */
  async baseline(chartDir: string, ref: string, relativeTo?: string, current?: Promise<ChartFiles | undefined>): Promise<Baseline> {
    if (/^oci:\/\//i.test(ref)) return { ok: false, ref, reason: 'OCI registries are not supported as a base yet (use the chart repository URL, or a packaged .tgz)' };
    const repo = parseRepoRef(ref);
    if (!repo && /^https?:\/\//i.test(ref)) return { ok: false, ref, reason: `"${ref}" names no chart: use <repo-url>#<chart>@<version>` };
    if (!repo && !isArchiveRef(ref)) return this.git.baseline(chartDir, ref, current);
    try {
      const p = repo
        ? await this.published.repository(repo, this.timeoutMs)
        : await this.published.archive(relativeTo ? path.resolve(relativeTo, ref) : ref, ref);
      return { ok: true, ref, commit: p.digest, files: p.files }; // the archive's sha256 stands for the commit
    } catch (e) {
      return { ok: false, ref, reason: (e as Error).message };
    }
  }

  /**
   * The bases of a chart: the configured list, or (none configured) HEAD plus the merge-base with the upstream branch
   * when that is another commit. Never throws.
   */
  async bases(chartDir: string, configured: readonly string[] | undefined): Promise<BaseSpec[]> {
    if (configured?.length) return configuredBases(configured);
    return defaultBases(await this.git.repositoryRefs(chartDir));
  }

  /** The baselines of several bases, in order, each with its label. */
  async baselinesOf(chartDir: string, bases: BaseSpec[], relativeTo?: string, current?: Promise<ChartFiles | undefined>): Promise<Baseline[]> {
    return Promise.all(bases.map(async (b) => ({ ...(await this.baseline(chartDir, b.ref, relativeTo, current)), label: b.label })));
  }

  /** Repositories may have appeared or gone: find each chart's repository anew. */
  reset(): void {
    this.git.reset();
  }

  refsChanged(): void {
    this.git.refsChanged();
  }

  dispose(): void {
    this.git.dispose();
  }
}
