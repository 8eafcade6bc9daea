// Reading charts from disk: the I/O the CLI and the server share. The analysis itself never touches the disk.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ChartFiles } from '../chart/types';

/** Files larger than this (Helm's MaxDecompressedFileSize, 5 MiB) are left out of a chart (a notice, not an error). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/** UTF-8 text without a BOM, or undefined for binary content. */
export function decodeText(data: Buffer): string | undefined {
  if (data.length > MAX_FILE_BYTES || data.includes(0)) return undefined;
  const text = data.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Chart archives are binary whatever their bytes say: Helm reads charts/*.tgz by name. */
export function isArchive(rel: string): boolean {
  return rel.endsWith('.tgz');
}

export interface ChartOnDisk {
  dir: string;
  files: ChartFiles;
  /** Files left out, with why. */
  skipped: { path: string; reason: string }[];
}

/** Reads every text file under a chart folder (subcharts included), keyed by '/'-separated relative path. */
export async function readChart(dir: string, overlay?: ReadonlyMap<string, string>): Promise<ChartOnDisk> {
  const files = new Map<string, string>();
  // Binary files (chart archives under charts/, images for .Files) go to ChartFiles.binaries.
  const binaries = new Map<string, Uint8Array>();
  const skipped: { path: string; reason: string }[] = [];
  const seen = new Set<string>();
  // `real` is the folder's real path: only a symbolic link can make a loop, so only links cost a realpath call.
  async function walk(abs: string, rel: string, real: string): Promise<void> {
    if (seen.has(real)) return; // a symlink loop
    seen.add(real);
    let entries;
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch {
      return;
    }
    // Siblings are read concurrently: a cold workspace scan is mostly waiting on the disk.
    await Promise.all(entries.map(async (e) => {
      const childAbs = path.join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let childReal = path.join(real, e.name);
      if (e.isSymbolicLink()) {
        try {
          childReal = await fs.realpath(childAbs);
          // Never follow a link out of the chart.
          if (!childReal.startsWith(root + path.sep)) return;
          const st = await fs.stat(childAbs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          return;
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(e.name)) await walk(childAbs, childRel, childReal);
      } else if (isFile) {
        const open = overlay?.get(path.join(dir, childRel));
        if (open !== undefined) {
          files.set(childRel, open);
          return;
        }
        try {
          const data = await fs.readFile(childAbs);
          if (data.length > MAX_FILE_BYTES) {
            skipped.push({ path: childRel, reason: `larger than ${MAX_FILE_BYTES} bytes` });
            return;
          }
          const text = isArchive(childRel) ? undefined : decodeText(data);
          if (text === undefined) binaries.set(childRel, new Uint8Array(data));
          else files.set(childRel, text);
        } catch {
          // deleted while we read: it is simply not there
        }
      }
    }));
  }
  let root: string;
  try {
    root = await fs.realpath(dir);
  } catch {
    return { dir: path.resolve(dir), files: { files }, skipped };
  }
  await walk(path.resolve(dir), '', root);
  // Unsaved buffers of files that do not exist on disk yet.
  if (overlay) {
    const prefix = path.resolve(dir) + path.sep;
    for (const [abs, text] of overlay) {
      if (abs.startsWith(prefix)) {
        const rel = abs.slice(prefix.length).split(path.sep).join('/');
        if (!files.has(rel)) files.set(rel, text);
      }
    }
  }
  return { dir: path.resolve(dir), files: binaries.size ? { files, binaries } : { files }, skipped };
}

/** Every chart folder under `root`: folders with a Chart.yaml, not descending into a chart (subcharts are its own). */
export async function findCharts(root: string, limit = 10000): Promise<string[]> {
  const charts: string[] = [];
  const seen = new Set<string>();
  async function walk(dir: string): Promise<void> {
    if (charts.length >= limit) return;
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.name === 'Chart.yaml' && (e.isFile() || e.isSymbolicLink()))) {
      charts.push(dir);
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) await walk(path.join(dir, e.name));
    }
  }
  await walk(path.resolve(root));
  return charts.sort();
}

/** The chart folder a file belongs to: the outermost folder with a Chart.yaml above it, up to `stop`. */
export async function chartDirOf(file: string, stop?: string): Promise<string | undefined> {
  let dir = path.dirname(path.resolve(file));
  let found: string | undefined;
  const limit = stop ? path.resolve(stop) : path.parse(dir).root;
  for (;;) {
    try {
      await fs.access(path.join(dir, 'Chart.yaml'));
      found = dir;
    } catch {
      // not a chart folder
    }
    if (dir === limit || dir === path.dirname(dir)) break;
    dir = path.dirname(dir);
  }
  return found;
}
