// Edits of a resource's annotations in template text, planned at analysis time. Each returns undefined when the
// annotation is not plain template text (emitted by a helper or a value), where an edit could break the template.
import { HOOK_ANNOTATION } from '../../chart/hooks';
import type { RenderedTemplate } from '../../chart/types';
import type { Origin, OutRange, Resource } from '../model';
import { indentAt, nextLineStart, wholeLines, type OffsetEdit } from './edits';

/** What planning an edit needs: where output came from, and the analysed template texts. */
export interface EditContext {
  origin(template: RenderedTemplate, range: OutRange): Origin;
  text(path: string): string | undefined;
}

/** Where a suffix can be appended to a scalar emitted at `content` (inside `full`), in the template's own file. */
export function suffixPoint(ctx: EditContext, template: RenderedTemplate, content: OutRange, full: OutRange): number | undefined {
  if (content.end <= content.start) return undefined;
  const last = ctx.origin(template, { start: content.end - 1, end: content.end });
  if (last.site.path !== template.path) return undefined;
  if (full.end > content.end) {
    // Quoted: the closing quote must be literal text, or the suffix would land outside the quotes.
    const quote = ctx.origin(template, { start: full.end - 1, end: full.end });
    if (!quote.literal || quote.span.path !== template.path) return undefined;
  }
  return last.site.end;
}

/** The template text of an output range, when it is literal text of the resource's own file. */
function literalSpan(ctx: EditContext, r: Resource, range: OutRange): { start: number; end: number; text: string } | undefined {
  const o = ctx.origin(r.template, range);
  const text = ctx.text(r.template.path);
  if (!o.literal || o.span.path !== r.template.path || text === undefined) return undefined;
  return { start: o.span.start, end: o.span.end, text };
}

/** Replaces an annotation's value (inside its quotes). */
export function replaceAnnotationValue(ctx: EditContext, r: Resource, key: string, value: string): OffsetEdit | undefined {
  const a = r.annotations.get(key);
  if (!a) return undefined;
  if (a.valueContent.end === a.valueContent.start) {
    // An empty value: write after the key's colon.
    const k = literalSpan(ctx, r, a.pair);
    if (!k) return undefined;
    return { path: r.template.path, start: k.end, end: k.end, newText: (k.text[k.end - 1] === ':' ? ' ' : '') + quoteIfNeeded(value) };
  }
  const span = literalSpan(ctx, r, a.valueContent);
  if (!span) return undefined;
  const quoted = a.valueContent.start !== a.valueRange.start;
  return { path: r.template.path, start: span.start, end: span.end, newText: quoted ? value : quoteIfNeeded(value) };
}

function quoteIfNeeded(value: string): string {
  return /^[A-Za-z][A-Za-z0-9,.-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value) ? value : JSON.stringify(value);
}

/** Adds `key: value` on its own line after the annotation `after` (default: the hook annotation). */
export function insertAnnotation(ctx: EditContext, r: Resource, key: string, value: string, after = HOOK_ANNOTATION): OffsetEdit | undefined {
  const anchor = r.annotations.get(after);
  if (!anchor) return undefined;
  const span = literalSpan(ctx, r, anchor.pair);
  if (!span || !wholeLines(span.text, span.start, span.end)) return undefined;
  const indent = indentAt(span.text, span.start);
  const at = nextLineStart(span.text, span.end);
  const lead = at === span.text.length && !span.text.endsWith('\n') ? '\n' : '';
  return { path: r.template.path, start: at, end: at, newText: `${lead}${indent}"${key}": ${JSON.stringify(value)}\n` };
}

/** Sets an annotation: replaces its value, or adds it after the hook annotation. */
export function setAnnotation(ctx: EditContext, r: Resource, key: string, value: string): OffsetEdit | undefined {
  return r.annotations.has(key) ? replaceAnnotationValue(ctx, r, key, value) : insertAnnotation(ctx, r, key, value);
}

/** Deletes the lines of the given annotations, and the `annotations:` line when nothing else is left under it. */
export function removeAnnotations(ctx: EditContext, r: Resource, keys: readonly string[]): OffsetEdit[] | undefined {
  const present = keys.map((k) => r.annotations.get(k)).filter((a) => a !== undefined);
  if (present.length === 0) return undefined;
  const lines: { start: number; end: number }[] = [];
  for (const a of present) {
    const span = literalSpan(ctx, r, a.pair);
    const line = span && wholeLines(span.text, span.start, span.end);
    if (!line) return undefined;
    lines.push(line);
  }
  const block = r.annotationsPair;
  if (block && block.size === present.length) {
    const span = literalSpan(ctx, r, block.keyRange);
    const keyLine = span && wholeLines(span.text, span.start, span.end + 1);
    if (keyLine) lines.push(keyLine);
  }
  return lines.sort((a, b) => a.start - b.start).map((l) => ({ path: r.template.path, ...l, newText: '' }));
}

/** Renames an annotation's key, keeping its quotes and value. */
export function renameAnnotation(ctx: EditContext, r: Resource, key: string, newKey: string): OffsetEdit | undefined {
  const a = r.annotations.get(key);
  const span = a && literalSpan(ctx, r, a.keyRange);
  if (!span) return undefined;
  const at = span.text.indexOf(key, span.start);
  if (at < 0 || at + key.length > span.end) return undefined;
  return { path: r.template.path, start: at, end: at + key.length, newText: newKey };
}

/** Deletes the line(s) of a field of the resource (any output range, e.g. a `ttlSecondsAfterFinished:` pair), when it
 *  is plain text of the resource's own file. */
export function removeFieldLines(ctx: EditContext, r: Resource, range: OutRange): OffsetEdit | undefined {
  const span = literalSpan(ctx, r, range);
  const line = span && wholeLines(span.text, span.start, span.end);
  return line ? { path: r.template.path, ...line, newText: '' } : undefined;
}

/** Replaces the template text of an output range of the resource, when it is plain text of its own file. */
export function replaceLiteral(ctx: EditContext, r: Resource, range: OutRange, newText: string): OffsetEdit | undefined {
  const span = literalSpan(ctx, r, range);
  return span ? { path: r.template.path, start: span.start, end: span.end, newText } : undefined;
}
