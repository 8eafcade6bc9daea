// Helm's .Files object (pkg/engine/files.go): Get, GetBytes, Glob, Lines, AsConfig, AsSecrets.
// Only the chart's own non-template files are visible, so nothing outside the chart can be read.

import { GoStruct, goStringOf, toYaml, type GoMap, type Value } from '../engine';
import { globToRegex } from './load';

/** gobwas/glob with '/' separators: `*` stays within a segment, `**` crosses them. */
function globMatcher(pattern: string): RegExp {
  if (!pattern.includes('**')) return globToRegex(pattern);
  const parts = pattern.split('**').map((p) => globToRegex(p).source.slice(1, -1));
  return new RegExp('^' + parts.join('.*') + '$');
}

const bytesOf = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'utf8')) : v);
// Go's string([]byte): a binary file keeps its bytes (see goStringOf).
const textOf = (v: string | Uint8Array): string => (typeof v === 'string' ? v : goStringOf(v));

/** engine.files (a map[string][]byte): methods, plus ranging, len and index over its entries (GoStruct.native). */
export function makeFiles(files: Map<string, string | Uint8Array>): GoStruct {
  const names = [...files.keys()].sort();
  const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
  const asMap = (f: (data: string | Uint8Array) => string): string => {
    const m: GoMap = new Map();
    for (const n of names) m.set(base(n), f(files.get(n)!));
    return toYaml(m);
  };
  const struct = new GoStruct(
    'engine.files',
    new Map(),
    {
      Get: { params: ['string'], fn: (n) => (files.has(n as string) ? textOf(files.get(n as string)!) : '') },
      GetBytes: { params: ['string'], fn: (n) => (files.has(n as string) ? bytesOf(files.get(n as string)!) : new Uint8Array(0)) },
      Glob: {
        params: ['string'],
        fn: (p) => {
          const re = globMatcher(p as string);
          const sub = new Map<string, string | Uint8Array>();
          for (const n of names) if (re.test(n)) sub.set(n, files.get(n)!);
          return makeFiles(sub);
        },
      },
      Lines: {
        params: ['string'],
        fn: (n): Value => {
          const t = files.get(n as string);
          if (t === undefined) return Object.assign([], { elemType: 'string' });
          const s0 = textOf(t);
          const s = s0.endsWith('\n') ? s0.slice(0, -1) : s0;
          return Object.assign(s.split('\n'), { elemType: 'string' });
        },
      },
      AsConfig: { params: [], fn: () => asMap(textOf) },
      AsSecrets: { params: [], fn: () => asMap((t) => Buffer.from(bytesOf(t)).toString('base64')) },
    },
    () => 'map[' + names.map((n) => `${n}:[${[...bytesOf(files.get(n)!)].join(' ')}]`).join(' ') + ']',
  );
  // The entries as Go sees the map (built on first use: most charts never range over .Files).
  let entries: Map<string, Value> | undefined;
  Object.defineProperty(struct, 'native', {
    get: () => (entries ??= new Map(names.map((n) => [n, bytesOf(files.get(n)!)] as [string, Value]))),
  });
  return struct;
}
