// Test charts: the sample chart as ChartFiles, the mistake under test, and small edits by text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ChartFiles } from '../../server/src/chart/types';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SAMPLE_CHART = path.join(REPO_ROOT, 'samples', 'basic-app');

export function readChartDir(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs)) {
      const a = path.join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(a).isDirectory()) walk(a, r);
      else files.set(r, readFileSync(a, 'utf8'));
    }
  };
  walk(dir, '');
  return files;
}

export function chart(files: Map<string, string> | Record<string, string>): ChartFiles {
  return { files: files instanceof Map ? files : new Map(Object.entries(files)) };
}

export const HOOK_ANNOTATIONS =
  '  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-weight": "-5"\n    "helm.sh/hook-delete-policy": before-hook-creation\n';

/** The mistake: the sample's ConfigMap gets hook annotations right after its name. */
export function withHook(text: string, annotations = HOOK_ANNOTATIONS): string {
  const out = text.replace(/^(  name: .*\n)/m, `$1${annotations}`);
  if (out === text) throw new Error('no metadata.name line to annotate');
  return out;
}

/** Position of `find` in `text`, as LSP line/character (tests locate by text, not by counted numbers). */
export function positionOf(text: string, find: string, offsetInMatch = 0): { line: number; character: number } {
  const i = text.indexOf(find);
  if (i < 0) throw new Error(`"${find}" not found`);
  const before = text.slice(0, i + offsetInMatch);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** Applies LSP-style edits (line/character ranges) to a text. */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const offset = (p: { line: number; character: number }) => {
    const lines = text.split('\n');
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = edits.map((e) => ({ s: offset(e.range.start), e: offset(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}
