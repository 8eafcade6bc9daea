// A persistent cache for the CLI and the language server. Baseline renders: the base ref rarely moves between two
// calls (pre-commit, CI on many charts, an editor started again), so its render is read back instead of redone, keyed
// by everything the render depends on: the chart's tree id at the base commit (its files and subcharts), the render
// options with the -f files' text and the Helm major version, and the product build. Findings: a chart whose working
// tree, baseline and options are those of an earlier call gets that call's findings. Best effort: an unwritable folder
// or a corrupt entry only costs the work it would have saved.
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import type { TreeStore, Value, ValuesStore } from '../engine';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../analysis/findings';
import type { Deployer } from '../analysis/model/deployer';
import type { ChartFiles, RenderedChart, RenderedTemplate, RenderError, RenderOptions } from '../chart/types';
import { VERSION } from '../version';

/** Bumped when the stored shape changes. */
const FORMAT = 1;
/** Entries kept, and their bytes at most; the oldest (by last use) go first. */
const MAX_ENTRIES = 1024;
const MAX_BYTES = 256 << 20;

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

/** What the language server publishes of an analysis (lsp/charts.ts ChartFindings['result']). */
export interface StoredPublished {
  findings: Finding[];
  deployer: Deployer;
  notices: string[];
}

export class BaselineCache {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  /** The file of an entry. */
  path(name: string): string {
    return this.file(name);
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

  /** Stored findings of a language server analysis, with the deployer and notices it published (entries `e-<key>.json`). */
  getPublished(key: string): Promise<StoredPublished | undefined> {
    return this.read(`e-${key}`, (text) => {
      try {
        const v = JSON.parse(text) as { format?: number; key?: string } & Partial<StoredPublished>;
        const ok = v && v.format === FORMAT && v.key === key && Array.isArray(v.findings) && v.findings.every(isFinding) &&
          !!v.deployer && typeof v.deployer.profile === 'string' && Array.isArray(v.notices) && v.notices.every((n) => typeof n === 'string');
        return ok ? { findings: v.findings!, deployer: v.deployer!, notices: v.notices! } : undefined;
      } catch {
        return undefined;
      }
    });
  }

  putPublished(key: string, published: StoredPublished): Promise<void> {
    return this.write(`e-${key}`, { format: FORMAT, key, ...published });
  }

  private write(name: string, stored: unknown): Promise<void> {
    return this.writeText(name, JSON.stringify(stored));
  }

  /** Written to a temporary file and renamed, so readers see all or nothing; never throws. */
  async writeText(name: string, text: string): Promise<void> {
    const target = this.file(name);
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      await fs.writeFile(tmp, text, { mode: 0o600 });
      await fs.rename(tmp, target);
      await this.prune();
    } catch {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  private async prune(): Promise<void> {
    const names = (await fs.readdir(this.dir)).filter((n) => n.endsWith('.json'));
    const dated = await Promise.all(
      names.map(async (n) => ({ n, ...(await fs.stat(path.join(this.dir, n)).then((s) => ({ t: s.mtimeMs, size: s.size }), () => ({ t: 0, size: 0 }))) })),
    );
    let bytes = dated.reduce((a, d) => a + d.size, 0);
    if (names.length <= MAX_ENTRIES && bytes <= MAX_BYTES) return;
    dated.sort((a, b) => a.t - b.t);
    const gone: string[] = [];
    for (let i = 0; i < dated.length && (dated.length - gone.length > MAX_ENTRIES || bytes > MAX_BYTES); i++) {
      gone.push(dated[i].n);
      bytes -= dated[i].size;
    }
    await Promise.all(gone.map((n) => fs.rm(path.join(this.dir, n), { force: true }).catch(() => undefined)));
  }

  /**
   * Parsed values files (entries `v-<sha256 of the text>.json`), for the engine's setValuesStore: read synchronously
   * (a render is synchronous), written by flush().
   */
  values(): ValuesStore & { flush(): Promise<void> } {
    const pending = new Map<string, unknown>();
    return {
      get: (text) => {
        const key = `v-${textKey(text)}`;
        let raw: string;
        try {
          raw = readFileSync(this.file(key), 'utf8');
        } catch {
          return undefined;
        }
        const v = decodeStoredValue(raw, key);
        if (v === undefined) void fs.rm(this.file(key), { force: true }).catch(() => undefined);
        else void fs.utimes(this.file(key), new Date(), new Date()).catch(() => undefined);
        return v;
      },
      put: (text, value) => {
        const encoded = encodeValue(value);
        if (encoded !== undefined) pending.set(`v-${textKey(text)}`, encoded);
      },
      flush: async () => {
        const entries = [...pending];
        pending.clear();
        for (const [key, value] of entries) await this.write(key, { format: FORMAT, key, value });
      },
    };
  }
}

export type TreeBundles = TreeStore & {
  /** The bundle of one chart (its folder): what later get() calls read. */
  open(scope: string): void;
  /** Writes the bundle when it changed: the trees looked up or parsed since open(), nothing else. `write: false`
   *  drops what changed. */
  flush(write?: boolean): Promise<void>;
};

/**
 * Parsed templates, one entry per chart (`t-<sha256 of its folder>.json`, one `key<TAB>trees` line per file): a chart
 * has hundreds of templates, and an edit changes one of them. Read synchronously (a render is synchronous).
 */
export function treeBundles(cache: BaselineCache): TreeBundles {
  let name: string | undefined;
  let stored = new Map<string, string>();
  let used = new Map<string, string>();
  let changed = false;
  const key = (n: string, p: string, funcs: string, text: string) =>
    createHash('sha256').update(`${FORMAT}\0${build()}\0${n}\0${p}\0${funcs}\0${text.length}\0`).update(text).digest('hex');
  return {
    get active() {
      return name !== undefined;
    },
    open(scope) {
      name = `t-${createHash('sha256').update(scope).digest('hex')}`;
      stored = new Map();
      used = new Map();
      changed = false;
      let raw = '';
      try {
        raw = readFileSync(cache.path(name), 'utf8');
      } catch {
        return;
      }
      void fs.utimes(cache.path(name), new Date(), new Date()).catch(() => undefined); // last use, for pruning
      for (const line of raw.split('\n')) {
        const tab = line.indexOf('\t');
        if (tab === 64) stored.set(line.slice(0, 64), line.slice(65));
      }
    },
    get(n, p, funcs, text) {
      if (!name) return undefined;
      const k = key(n, p, funcs, text);
      const hit = stored.get(k);
      if (hit !== undefined) used.set(k, hit);
      return hit;
    },
    put(n, p, funcs, text, encoded) {
      if (!name) return;
      used.set(key(n, p, funcs, text), encoded);
      changed = true;
    },
    async flush(write = true) {
      const target = name;
      const lines = [...used].map(([k, v]) => `${k}\t${v}`);
      const dirty = changed || used.size !== stored.size;
      name = undefined;
      stored = new Map();
      used = new Map();
      if (target && write && dirty && lines.length) await cache.writeText(target, lines.join('\n') + '\n');
    },
  };
}

function textKey(text: string): string {
  return createHash('sha256').update(`${FORMAT}\0${build()}\0`).update(text).digest('hex');
}

/**
 * Values as JSON: a map is {"m": [key, value, ...]} (its order kept: object keys would put integer-like keys first),
 * a list an array, a float JSON has no number for {"n": "NaN" | "+Inf" | "-Inf" | "-0"}. Anything a values file
 * cannot produce makes the whole value unstorable (undefined).
 */
function encodeValue(v: Value): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { n: 'NaN' };
    if (v === Infinity) return { n: '+Inf' };
    if (v === -Infinity) return { n: '-Inf' };
    if (Object.is(v, -0)) return { n: '-0' };
    return v;
  }
  if (Array.isArray(v)) {
    if ((v as { elemType?: string }).elemType !== undefined) return undefined;
    const out: unknown[] = [];
    for (const x of v) {
      const e = encodeValue(x);
      if (e === undefined) return undefined;
      out.push(e);
    }
    return out;
  }
  if (v instanceof Map) {
    if ((v as { goType?: string }).goType !== undefined) return undefined;
    const m: unknown[] = [];
    for (const [k, x] of v) {
      const e = encodeValue(x);
      if (e === undefined) return undefined;
      m.push(k, e);
    }
    return { m };
  }
  return undefined;
}

const SPECIAL: Record<string, number> = { NaN: NaN, '+Inf': Infinity, '-Inf': -Infinity, '-0': -0 };

function decodeValue(x: unknown): Value {
  if (x === null || typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number') return x;
  if (Array.isArray(x)) return x.map(decodeValue);
  const o = x as { m?: unknown; n?: unknown };
  if (o && Array.isArray(o.m) && o.m.length % 2 === 0) {
    const m = new Map<string, Value>();
    for (let i = 0; i < o.m.length; i += 2) {
      if (typeof o.m[i] !== 'string') throw new Error('corrupt');
      m.set(o.m[i] as string, decodeValue(o.m[i + 1]));
    }
    return m;
  }
  if (o && typeof o.n === 'string' && o.n in SPECIAL) return SPECIAL[o.n];
  throw new Error('corrupt');
}

function decodeStoredValue(raw: string, key: string): Value | undefined {
  try {
    const v = JSON.parse(raw) as { format?: number; key?: string; value?: unknown };
    if (!v || v.format !== FORMAT || v.key !== key || !('value' in v)) return undefined;
    return decodeValue(v.value);
  } catch {
    return undefined;
  }
}
