// Baselines that are not a ref of this tree: a packaged chart (`helm package` output) on disk, or a published chart
// version in a chart repository (`<repo-url>#<chart>@<version>`, read through the repository's index.yaml).
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { asText, readTgz } from '../chart/archive';
import type { ChartFiles } from '../chart/types';

export interface RepoRef {
  url: string;
  chart: string;
  /** Absent: the newest version the index lists. */
  version?: string;
}

/** `https://charts.example.com/stable#my-app@1.2.3` (or without `@version`). */
export function parseRepoRef(ref: string): RepoRef | undefined {
  const m = /^(https?:\/\/[^#\s]+)#([^@\s/]+)(?:@(\S+))?$/i.exec(ref);
  return m ? { url: m[1].replace(/\/+$/, ''), chart: m[2], version: m[3] } : undefined;
}

export function isArchiveRef(ref: string): boolean {
  return /\.(tgz|tar\.gz)$/i.test(ref) && !/^[a-z][a-z0-9+.-]*:/i.test(ref);
}

/** A chart archive's files, without its top folder, as Helm's loader.LoadArchive reads them. */
export function chartFromArchive(data: Uint8Array): ChartFiles {
  const files = new Map<string, string>();
  const binaries = new Map<string, Uint8Array>();
  let top: string | undefined;
  for (const e of readTgz(data)) {
    const parts = e.name.replace(/^\.\//, '').split('/');
    if (parts.length < 2) {
      if (parts[0] === 'Chart.yaml') throw new Error('chart yaml not in base directory');
      continue;
    }
    top ??= parts[0];
    if (parts[0] !== top) continue;
    const rel = parts.slice(1).join('/');
    if (!rel || rel.split('/').includes('..')) continue;
    const text = rel.endsWith('.tgz') ? undefined : asText(e.data);
    if (text !== undefined) files.set(rel, text);
    else binaries.set(rel, e.data);
  }
  if (!files.has('Chart.yaml')) throw new Error('Chart.yaml file is missing');
  return binaries.size ? { files, binaries } : { files };
}

/** Downloads are refused beyond this size (compressed); readTgz caps the uncompressed size. */
const MAX_DOWNLOAD = 50 * 1024 * 1024;

export type Fetcher = (url: string, timeoutMs: number) => Promise<Uint8Array>;

function reason(e: unknown): string {
  const err = e as Error & { cause?: NodeJS.ErrnoException };
  const code = err.cause?.code ?? (err as NodeJS.ErrnoException).code;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${code}: the host cannot be resolved (offline, or a wrong host name?)`;
  if (code === 'ECONNREFUSED') return 'ECONNREFUSED: nothing listens there (offline, or a wrong port?)';
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return `${code}: the network is unreachable (offline?)`;
  if (code) return `${code}: ${err.cause?.message ?? err.message}`;
  return err.cause?.message ? `${err.message} (${err.cause.message})` : err.message;
}

/** HTTP(S) GET through Node's fetch, with a timeout and a size cap. */
export const httpFetch: Fetcher = async (url, timeoutMs) => {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    const r = reason(e);
    throw new Error(`cannot download ${url}: ${r === 'timed out' ? `timed out after ${timeoutMs / 1000} s` : r}`);
  }
  if (!res.ok) throw new Error(`cannot download ${url}: HTTP ${res.status} ${res.statusText}`.trim());
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_DOWNLOAD) throw new Error(`cannot download ${url}: larger than ${MAX_DOWNLOAD} bytes`);
  try {
    const body = new Uint8Array(await res.arrayBuffer());
    if (body.length > MAX_DOWNLOAD) throw new Error(`larger than ${MAX_DOWNLOAD} bytes`);
    return body;
  } catch (e) {
    const r = reason(e);
    throw new Error(`cannot download ${url}: ${r === 'timed out' ? `timed out after ${timeoutMs / 1000} s` : r}`);
  }
};

interface IndexEntry {
  version?: unknown;
  urls?: unknown;
  digest?: unknown;
}

/** The chart version's archive URL in a repository index (Helm's repo.IndexFile), and its digest when listed. */
export function findInIndex(indexText: string, ref: RepoRef): { url: string; version: string; digest?: string } {
  let index: { entries?: Record<string, IndexEntry[]> };
  try {
    index = parseYaml(indexText, { maxAliasCount: 100 }) as typeof index;
  } catch (e) {
    throw new Error(`${ref.url}/index.yaml is not a chart repository index: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!index || typeof index !== 'object' || typeof index.entries !== 'object' || index.entries === null) {
    throw new Error(`${ref.url}/index.yaml is not a chart repository index (no entries)`);
  }
  const versions = index.entries[ref.chart];
  if (!Array.isArray(versions) || versions.length === 0) {
    const names = Object.keys(index.entries);
    throw new Error(`chart "${ref.chart}" is not in ${ref.url} (it has ${names.length} chart${names.length === 1 ? '' : 's'}${names.length ? ': ' + names.slice(0, 10).join(', ') + (names.length > 10 ? ', ...' : '') : ''})`);
  }
  const norm = (v: unknown) => String(v ?? '').replace(/^v/, '');
  // Without a version, the newest stable one, as `helm pull` picks it.
  const entry = ref.version === undefined ? newest(versions) : versions.find((v) => norm(v.version) === norm(ref.version));
  if (!entry) {
    const listed = versions.map((v) => String(v.version)).slice(0, 10).join(', ');
    throw new Error(`chart "${ref.chart}" has no version ${ref.version} in ${ref.url} (newest: ${listed})`);
  }
  const urls = Array.isArray(entry.urls) ? entry.urls.filter((u): u is string => typeof u === 'string') : [];
  if (urls.length === 0) throw new Error(`chart "${ref.chart}" ${String(entry.version)} has no download URL in ${ref.url}/index.yaml`);
  return {
    url: new URL(urls[0], ref.url + '/').toString(),
    version: String(entry.version),
    digest: typeof entry.digest === 'string' ? entry.digest : undefined,
  };
}

function semverParts(v: unknown): { nums: number[]; pre: string } | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(String(v ?? ''));
  return m ? { nums: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre: m[4] ?? '' } : undefined;
}

function newest(versions: IndexEntry[]): IndexEntry | undefined {
  let best: { e: IndexEntry; nums: number[] } | undefined;
  for (const e of versions) {
    const p = semverParts(e.version);
    if (!p || p.pre) continue;
    const cmp = best ? p.nums.findIndex((n, i) => n !== best!.nums[i]) : 0;
    if (!best || (cmp >= 0 && p.nums[cmp] > best.nums[cmp])) best = { e, nums: p.nums };
  }
  return best?.e ?? versions[0];
}

export interface Published {
  files: ChartFiles;
  /** What it is, for messages: the archive's path, or chart@version and its URL. */
  label: string;
  /** sha256 of the archive. */
  digest: string;
}

/** Reads published baselines, each once (successes kept; failures retried after `RETRY_MS`). */
export class PublishedCharts {
  static readonly RETRY_MS = 30_000;
  private readonly cache = new Map<string, { at: number; p: Promise<Published> }>();

  constructor(
    private readonly fetcher: Fetcher = httpFetch,
    private readonly readFile: (file: string) => Promise<Uint8Array> = (f) => fs.readFile(f),
  ) {}

  private cached(key: string, make: () => Promise<Published>): Promise<Published> {
    const hit = this.cache.get(key);
    if (hit) return hit.p;
    const entry = { at: Date.now(), p: make() };
    this.cache.set(key, entry);
    entry.p.catch(() => setTimeout(() => this.cache.get(key) === entry && this.cache.delete(key), PublishedCharts.RETRY_MS).unref?.());
    return entry.p;
  }

  /** `label`: the path as the user gave it, for messages. */
  archive(file: string, label = file): Promise<Published> {
    const abs = path.resolve(file);
    return this.cached(`file:${abs}`, async () => {
      let data: Uint8Array;
      try {
        data = await this.readFile(abs);
      } catch (e) {
        throw new Error(`cannot read the packaged chart ${label}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      try {
        return { files: chartFromArchive(data), label, digest: sha256(data) };
      } catch (e) {
        throw new Error(`${label} is not a packaged chart: ${(e as Error).message}`);
      }
    });
  }

  repository(ref: RepoRef, timeoutMs: number): Promise<Published> {
    return this.cached(`repo:${ref.url}#${ref.chart}@${ref.version ?? ''}`, async () => {
      const indexUrl = `${ref.url}/index.yaml`;
      const index = Buffer.from(await this.fetcher(indexUrl, timeoutMs)).toString('utf8');
      const found = findInIndex(index, ref);
      const data = await this.fetcher(found.url, timeoutMs);
      const digest = sha256(data);
      if (found.digest && found.digest.toLowerCase() !== digest) {
        throw new Error(`${found.url} does not match the digest in ${indexUrl} (sha256 ${digest.slice(0, 12)}, listed ${found.digest.slice(0, 12)})`);
      }
      try {
        return { files: chartFromArchive(data), label: `${ref.chart}@${found.version} from ${ref.url}`, digest };
      } catch (e) {
        throw new Error(`${found.url} is not a packaged chart: ${(e as Error).message}`);
      }
    });
  }
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
