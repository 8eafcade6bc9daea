// Text edits in chart files, and the small text helpers fixes share. Pure functions of text.
import { LineIndex, type Range } from '../lines';

export interface OffsetEdit {
  path: string;
  start: number;
  end: number;
  newText: string;
}

export interface TextEdit {
  path: string;
  range: Range;
  newText: string;
}

/** Text a fix hands to the user when no edit of the chart can express it (shell commands to run against the
 *  cluster). Each front end decides how: the VS Code client copies it, other LSP clients are shown it. */
export interface FixText {
  /** What the text is, e.g. "kubectl commands that adopt ConfigMap x". */
  label: string;
  text: string;
}

/** A fix as a rule plans it at analysis time: offsets into the analysed texts. This is what diagnostics carry. */
export interface PlannedFix {
  title: string;
  /** The safe fix a user (or fix-all) should pick. */
  isPreferred?: boolean;
  edits: OffsetEdit[];
  text?: FixText;
}

/** A planned fix as edits against the current texts. */
export interface CodeFix {
  title: string;
  isPreferred?: boolean;
  edits: TextEdit[];
  text?: FixText;
}

/** Plans as edits against `textOf` (the analysed texts); a plan whose file is gone is dropped. */
export function realize(plans: readonly PlannedFix[] | undefined, textOf: TextOf): CodeFix[] {
  const out: CodeFix[] = [];
  for (const p of plans ?? []) {
    const edits = toTextEdits(p.edits, textOf);
    if (edits && (edits.length > 0 || p.text)) out.push({ title: p.title, isPreferred: p.isPreferred, edits, text: p.text });
  }
  return out;
}

export type TextOf = (path: string) => string | undefined;

/** Converts offset edits to ranges against `textOf`; undefined when a file is missing. */
export function toTextEdits(edits: OffsetEdit[], textOf: TextOf): TextEdit[] | undefined {
  const indexes = new Map<string, LineIndex>();
  const out: TextEdit[] = [];
  for (const e of edits) {
    const text = textOf(e.path);
    if (text === undefined || e.end > text.length) return undefined;
    let index = indexes.get(e.path);
    if (!index) indexes.set(e.path, (index = new LineIndex(text)));
    out.push({ path: e.path, range: index.range(e.start, e.end), newText: e.newText });
  }
  return out;
}

/** The whole line(s) around [start, end) when nothing but blanks and a comment share them: what to delete. */
export function wholeLines(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '') return undefined;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  const rest = text.slice(end, lineEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  return { start: lineStart, end: Math.min(text.length, lineEnd + 1) };
}

/** The blanks that start the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Offset just past the line holding `offset` (its newline included). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}
