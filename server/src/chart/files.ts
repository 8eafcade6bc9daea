// Helm's .Files object (pkg/engine/files.go): Get, GetBytes, Glob, Lines, AsConfig, AsSecrets.
// Only the chart's own non-template files are visible, so nothing outside the chart can be read.

import { GoMap, GoStruct, Value } from '../engine/values';
import { toYaml } from '../engine/yaml';
import { globToRegex } from './load';

/** gobwas/glob with '/' separators: `*` stays within a segment, `**` crosses them. */
function globMatcher(pattern: string): RegExp {
  if (!pattern.includes('**')) return globToRegex(pattern);
  const parts = pattern.split('**').map((p) => globToRegex(p).source.slice(1, -1));
  return new RegExp('^' + parts.join('.*') + '$');
}

export function makeFiles(files: Map<string, string>): GoStruct {
  const names = [...files.keys()].sort();
  const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
  const asMap = (f: (text: string) => string): string => {
    const m: GoMap = new Map();
    for (const n of names) m.set(base(n), f(files.get(n)!));
    return toYaml(m);
  };
  return new GoStruct(
    'engine.files',
    new Map(),
    {
      Get: { params: ['string'], fn: (n) => files.get(n as string) ?? '' },
      GetBytes: { params: ['string'], fn: (n) => new Uint8Array(Buffer.from(files.get(n as string) ?? '', 'utf8')) },
      Glob: {
        params: ['string'],
        fn: (p) => {
          const re = globMatcher(p as string);
          const sub = new Map<string, string>();
          for (const n of names) if (re.test(n)) sub.set(n, files.get(n)!);
          return makeFiles(sub);
        },
      },
      Lines: {
        params: ['string'],
        fn: (n): Value => {
          const t = files.get(n as string);
          if (t === undefined) return Object.assign([], { elemType: 'string' });
          const s = t.endsWith('\n') ? t.slice(0, -1) : t;
          return Object.assign(s.split('\n'), { elemType: 'string' });
        },
      },
      AsConfig: { params: [], fn: () => (files.size ? asMap((t) => t) : '') },
      AsSecrets: { params: [], fn: () => asMap((t) => Buffer.from(t, 'utf8').toString('base64')) },
    },
    () => 'map[' + names.map((n) => `${n}:[${[...Buffer.from(files.get(n)!, 'utf8')].join(' ')}]`).join(' ') + ']',
  );
}
