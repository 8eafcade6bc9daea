// Chart archives (.tgz): gunzip with node:zlib and a minimal ustar/pax reader, as Helm's loader.LoadArchive reads them.

import { gunzipSync } from 'node:zlib';

export interface ArchiveEntry {
  /** Path inside the archive with '/' separators. */
  name: string;
  data: Uint8Array;
}

/** Archives bigger than this (uncompressed) are refused, like Helm's MaxDecompressedChartSize (100 MiB). */
export const MAX_DECOMPRESSED = 100 * 1024 * 1024;

function cstr(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return Buffer.from(b.subarray(off, end)).toString('utf8');
}

function octal(b: Uint8Array, off: number, len: number): number {
  // GNU base-256 for large sizes.
  if (b[off] & 0x80) {
    let v = 0;
    for (let i = off + 1; i < off + len; i++) v = v * 256 + b[i];
    return v;
  }
  const s = cstr(b, off, len).trim();
  return s ? parseInt(s, 8) : 0;
}

/** Parses pax extended header records ("len key=value\n"). */
function paxRecords(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const s = Buffer.from(data).toString('utf8');
  let i = 0;
  while (i < s.length) {
    const sp = s.indexOf(' ', i);
    if (sp < 0) break;
    const len = parseInt(s.slice(i, sp), 10);
    if (!(len > 0)) break;
    const rec = s.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
    i += len;
  }
  return out;
}

/** Regular files of a gzipped tar. Throws Error with Helm-like text on malformed input. */
export function readTgz(data: Uint8Array): ArchiveEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(data, { maxOutputLength: MAX_DECOMPRESSED });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error('decompressed chart is larger than the maximum size 104857600');
    throw new Error('gzip: invalid header');
  }
  const out: ArchiveEntry[] = [];
  let off = 0;
  let longName: string | undefined;
  let pax: Map<string, string> | undefined;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] || 0x30);
    let name = cstr(h, 0, 100);
    const magic = cstr(h, 257, 6);
    if (magic.startsWith('ustar')) {
      const prefix = cstr(h, 345, 155);
      if (prefix) name = prefix + '/' + name;
    }
    const body = tar.subarray(off + 512, off + 512 + size);
    if (body.length < size) throw new Error('unexpected EOF');
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = cstr(body, 0, body.length);
      continue;
    }
    if (type === 'x') {
      pax = paxRecords(body);
      continue;
    }
    if (type === 'g') continue;
    if (longName !== undefined) name = longName;
    if (pax?.has('path')) name = pax.get('path')!;
    longName = undefined;
    pax = undefined;
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    out.push({ name: name.replace(/\\/g, '/'), data: new Uint8Array(body) });
  }
  return out;
}

/** A file's bytes as text when it is UTF-8 text (no NUL), else undefined. */
export function asText(data: Uint8Array): string | undefined {
  if (data.includes(0)) return undefined;
  const s = Buffer.from(data).toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
