// A hook copy of a resource: the same template text under `<name>-hook`, with hook annotations. Used by fixes that
// give hook consumers their own object.
import { RESOURCE_POLICY_ANNOTATION } from '../../chart/hooks';
import type { Resource } from '../model';
import { suffixPoint, type EditContext } from './annotations';
import { indentAt, nextLineStart, type OffsetEdit } from './edits';

/** An edit that appends, after `r`'s document, a copy named `<name><suffix>` carrying `annotations`. */
export function appendHookCopy(
  ctx: EditContext,
  r: Resource,
  suffix: string,
  annotations: Record<string, string>,
  /** Edits of the same fix: the copy goes past any that covers the end of the document, so none overlap. */
  others: readonly OffsetEdit[] = [],
): OffsetEdit | undefined {
  const t = r.template;
  const text = ctx.text(t.path);
  const doc = ctx.origin(t, { start: r.doc.start, end: r.doc.end });
  if (text === undefined || doc.site.path !== t.path || !r.nameRange || !r.nameContentRange) return undefined;
  const nameAt = suffixPoint(ctx, t, r.nameContentRange, r.nameRange);
  const nameLine = ctx.origin(t, r.nameRange);
  if (nameAt === undefined || nameLine.site.path !== t.path) return undefined;
  const inserts: { at: number; text: string }[] = [{ at: nameAt, text: suffix }];
  const entries = Object.entries(annotations).filter(([k]) => k !== RESOURCE_POLICY_ANNOTATION || !r.annotations.has(k));
  const block = r.annotationsPair && ctx.origin(t, r.annotationsPair.keyRange);
  if (block && r.annotationsPair) {
    if (!block.literal || block.span.path !== t.path) return undefined;
    const first = [...r.annotations.values()][0];
    const indent = first ? indentAt(text, ctx.origin(t, first.keyRange).span.start) : indentAt(text, block.span.start) + '  ';
    const lines = entries.map(([k, v]) => `${indent}"${k}": ${JSON.stringify(v)}\n`).join('');
    inserts.push({ at: nextLineStart(text, block.span.end), text: lines });
  } else {
    const indent = indentAt(text, nameLine.site.start);
    const lines = `${indent}annotations:\n` + entries.map(([k, v]) => `${indent}  "${k}": ${JSON.stringify(v)}\n`).join('');
    inserts.push({ at: nextLineStart(text, nameLine.site.end), text: lines });
  }
  const { start, end } = doc.site;
  if (inserts.some((i) => i.at < start || i.at > end + 1)) return undefined;
  let body = text.slice(start, end);
  for (const i of inserts.sort((a, b) => b.at - a.at)) {
    const at = Math.min(i.at, end) - start;
    body = body.slice(0, at) + (i.at > end ? '\n' : '') + i.text + body.slice(at);
  }
  const covering = others.find((x) => x.path === t.path && x.start <= end && x.end > end);
  if (covering) return { path: t.path, start: covering.end, end: covering.end, newText: `---\n${body.replace(/\n$/, '')}\n` };
  return { path: t.path, start: end, end, newText: `\n---\n${body.replace(/\n$/, '')}` };
}
