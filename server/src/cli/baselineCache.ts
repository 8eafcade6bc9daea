// A persistent cache for the CLI. Baseline renders: the base ref rarely moves between two calls (pre-commit, CI on
// many charts), so its render is read back instead of redone, keyed by everything the render depends on: the chart's
// tree id at the base commit (its files and subcharts), the render options with the -f files' text, and the product
// build. Findings: a chart whose working tree, baseline and options are those of an earlier call gets that call's
// findings. Best effort: an unwritable folder or a corrupt entry only costs the work it would have saved.
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../analysis/findings';
import type { ChartFiles, RenderedChart, RenderedTemplate, RenderError, RenderOptions } from '../chart/types';
import { VERSION } from '../version';

/** Bumped when the stored shape changes. */
const FORMAT = 1;
/** Entries kept; the oldest (by last use) go first. */
const MAX_ENTRIES = 256;

let buildId: string | undefined;

/** The running code itself: a rebuilt bundle renders differently, whatever its version says. */
function build(): string {
  if (buildId === undefined) {
    let code = '';
    try {
      code = readFileSync(__filename, 'utf8');
    } catch {
      // no file to read (an embedded runtime): the version alone
    }
    buildId = `${VERSION}:${createHash('sha256').update(code).digest('hex').slice(0, 16)}`;
  }
  return buildId;
}

/** `$XDG_CACHE_HOME/helm-hook-guard`, else `~/.cache/helm-hook-guard`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'helm-hook-guard');
}

/** Everything a check's findings depend on besides the baseline: the chart's files, options, base ref name, deployer. */
export function findingsKey(files: ChartFiles, baseline: string, opts: RenderOptions, extra: Record<string, string>): string {
  const h = createHash('sha256').update(JSON.stringify({ format: FORMAT, build: build(), baseline, options: cacheKey('', opts), extra }));
  for (const p of [...files.files.keys()].sort()) h.update(`f\0${p}\0${files.files.get(p)!.length}\0`).update(files.files.get(p)!);
  for (const p of [...(files.binaries?.keys() ?? [])].sort()) h.update(`b\0${p}\0${files.binaries!.get(p)!.length}\0`).update(files.binaries!.get(p)!);
  return h.digest('hex');
}

/** The working tree's charts/ entries, which a baseline lacking its subcharts borrows: '' when there are none. */
export function subchartsFingerprint(files: ChartFiles): string {
  const h = createHash('sha256');
  let any = false;
  for (const p of [...files.files.keys()].filter((p) => p.startsWith('charts/')).sort()) {
    any = true;
    h.update(`f\0${p}\0${files.files.get(p)!.length}\0`).update(files.files.get(p)!);
  }
  for (const p of [...(files.binaries?.keys() ?? [])].filter((p) => p.startsWith('charts/')).sort()) {
    any = true;
    h.update(`b\0${p}\0${files.binaries!.get(p)!.length}\0`).update(files.binaries!.get(p)!);
  }
  return any ? ` subcharts ${h.digest('hex')}` : '';
}

export function cacheKey(tree: string, opts: RenderOptions): string {
  // Every render option, -f files with their text: a new option can only make keys differ, never collide.
  const options = { ...opts, valuesFiles: (opts.valuesFiles ?? []).map((f) => [f.path, f.text]) };
  return createHash('sha256').update(JSON.stringify({ format: FORMAT, build: build(), tree, options })).digest('hex');
}

interface Stored {
  format: number;
  key: string;
  chart: { chartName: string; errors: RenderError[]; templates: Omit<RenderedTemplate, 'segments'>[] };
}

function isSpan(x: unknown): boolean {
  const s = x as { path?: unknown; start?: unknown; end?: unknown };
  return !!s && typeof s.path === 'string' && typeof s.start === 'number' && typeof s.end === 'number';
}

function isFinding(x: unknown): boolean {
  const f = x as Finding;
  return !!f && typeof f.rule === 'string' && typeof f.severity === 'string' && typeof f.message === 'string' && !!f.location &&
    typeof f.location.path === 'string' && !!f.location.range && Array.isArray(f.related);
}

function isError(x: unknown): x is RenderError {
  return !!x && typeof (x as RenderError).message === 'string' && isSpan((x as RenderError).span);
}

/** The stored render, checked field by field: anything else in the file is treated as absent. */
function decode(text: string, key: string): RenderedChart | undefined {
  let v: Stored;
  try {
    v = JSON.parse(text) as Stored;
  } catch {
    return undefined;
  }
  if (!v || v.format !== FORMAT || v.key !== key || !v.chart || typeof v.chart.chartName !== 'string') return undefined;
  const { errors, templates } = v.chart;
  if (!Array.isArray(errors) || !errors.every(isError) || !Array.isArray(templates)) return undefined;
  const out: RenderedTemplate[] = [];
  for (const t of templates) {
    if (!t || typeof t.path !== 'string' || typeof t.sourceName !== 'string' || typeof t.output !== 'string') return undefined;
    if (t.error !== undefined && !isError(t.error)) return undefined;
    // Baseline objects are compared by identity and lifecycle, never located in text: provenance is not kept.
    out.push({ path: t.path, sourceName: t.sourceName, output: t.output, segments: [], ...(t.error ? { error: t.error } : {}) });
  }
  return { chartName: v.chart.chartName, errors, templates: out };
}

export class BaselineCache {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  private async read<T>(key: string, decoder: (text: string) => T | undefined): Promise<T | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    const v = decoder(text);
    if (v === undefined) {
      await fs.rm(this.file(key), { force: true }).catch(() => undefined);
      return undefined;
    }
    // Last use, for pruning.
    const t = new Date();
    await fs.utimes(this.file(key), t, t).catch(() => undefined);
    return v;
  }

  /** A stored baseline render (entries `b-<key>.json`). */
  get(key: string): Promise<RenderedChart | undefined> {
    return this.read(`b-${key}`, (text) => decode(text, key));
  }

  /** Stores a render; never throws. */
  put(key: string, chart: RenderedChart): Promise<void> {
    const stored: Stored = {
      format: FORMAT,
      key,
      chart: {
        chartName: chart.chartName,
        errors: chart.errors,
        templates: chart.templates.map((t) => ({ path: t.path, sourceName: t.sourceName, output: t.output, ...(t.error ? { error: t.error } : {}) })),
      },
    };
    return this.write(`b-${key}`, stored);
  }

  /** Stored findings of a check (entries `f-<key>.json`). */
  getFindings(key: string): Promise<Finding[] | undefined> {
    return this.read(`f-${key}`, (text) => {
      try {
        const v = JSON.parse(text) as { format?: number; key?: string; findings?: unknown };
        return v && v.format === FORMAT && v.key === key && Array.isArray(v.findings) && v.findings.every(isFinding) ? (v.findings as Finding[]) : undefined;
      } catch {
        return undefined;
      }
    });
  }

  putFindings(key: string, findings: Finding[]): Promise<void> {
    return this.write(`f-${key}`, { format: FORMAT, key, findings });
  }

  /** Written to a temporary file and renamed, so readers see all or nothing; never throws. */
  private async write(name: string, stored: unknown): Promise<void> {
    const target = this.file(name);
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      await fs.writeFile(tmp, JSON.stringify(stored), { mode: 0o600 });
      await fs.rename(tmp, target);
      await this.prune();
    } catch {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  private async prune(): Promise<void> {
    const names = (await fs.readdir(this.dir)).filter((n) => n.endsWith('.json'));
    if (names.length <= MAX_ENTRIES) return;
    const dated = await Promise.all(
      names.map(async (n) => ({ n, t: await fs.stat(path.join(this.dir, n)).then((s) => s.mtimeMs, () => 0) })),
    );
    dated.sort((a, b) => a.t - b.t);
    await Promise.all(dated.slice(0, dated.length - MAX_ENTRIES).map((d) => fs.rm(path.join(this.dir, d.n), { force: true }).catch(() => undefined)));
  }
}
