// `# helm-hook-guard-disable-next-line <rule>...` on the line above a finding, and `# helm-hook-guard-disable-file
// <rule>...` anywhere in its file. Without rule ids they silence every rule.
import { LineIndex, type Finding } from './findings';
import type { PlannedFix } from './fixes/edits';
import { indentAt } from './fixes/edits';

const DIRECTIVE = /#\s*helm-hook-guard-disable-(next-line|file)\b([^\n]*)/g;

interface FileSuppressions {
  file: Set<string> | 'all' | undefined;
  lines: Map<number, Set<string> | 'all'>;
}

function parse(text: string): FileSuppressions {
  const out: FileSuppressions = { file: undefined, lines: new Map() };
  if (!text.includes('helm-hook-guard-disable')) return out;
  const index = new LineIndex(text);
  for (const m of text.matchAll(DIRECTIVE)) {
    const ids = m[2].replace(/\*\/\}\}.*$|-?\}\}.*$/, '').split(/[\s,]+/).filter(Boolean);
    const rules: Set<string> | 'all' = ids.length === 0 ? 'all' : new Set(ids);
    if (m[1] === 'file') out.file = merge(out.file, rules);
    else {
      const line = index.position(m.index!).line + 1;
      out.lines.set(line, merge(out.lines.get(line), rules));
    }
  }
  return out;
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

const covers = (s: Set<string> | 'all' | undefined, rule: string) => s === 'all' || (s !== undefined && s.has(rule));

/** Drops suppressed findings. */
export function applySuppressions(findings: Finding[], textOf: (path: string) => string | undefined): Finding[] {
  const cache = new Map<string, FileSuppressions>();
  return findings.filter((f) => {
    const path = f.location.path;
    let s = cache.get(path);
    if (!s) cache.set(path, (s = parse(textOf(path) ?? '')));
    return !covers(s.file, f.rule) && !covers(s.lines.get(f.location.range.start.line), f.rule);
  });
}

/** The two suppression fixes every finding offers. */
export function suppressionFixes(f: Finding, text: string | undefined): PlannedFix[] {
  if (text === undefined) return [];
  const lineStart = new LineIndex(text).offset({ line: f.location.range.start.line, character: 0 });
  const indent = indentAt(text, lineStart);
  return [
    {
      title: `Suppress ${f.rule} on this line`,
      edits: [{ path: f.location.path, start: lineStart, end: lineStart, newText: `${indent}# helm-hook-guard-disable-next-line ${f.rule}\n` }],
    },
    {
      title: `Suppress ${f.rule} in this file`,
      edits: [{ path: f.location.path, start: 0, end: 0, newText: `# helm-hook-guard-disable-file ${f.rule}\n` }],
    },
  ];
}
