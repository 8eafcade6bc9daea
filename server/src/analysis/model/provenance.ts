// Maps ranges of rendered output back to template text.
import type { ProvenanceSegment, RenderedTemplate, SourceSpan } from '../../chart/types';

/** Where a range of output came from: `span` is the innermost template text (maybe in a helper file), `site` the
 *  matching range in the rendered template's own file. */
export interface Origin {
  span: SourceSpan;
  site: SourceSpan;
  /** True when the whole range is literal template text, so editing `span` edits exactly that output. */
  literal: boolean;
}

function segmentAt(segments: readonly ProvenanceSegment[], offset: number): ProvenanceSegment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid];
    if (offset < s.outStart) hi = mid - 1;
    else if (offset >= s.outEnd) lo = mid + 1;
    else return s;
  }
  return undefined;
}

function pointIn(seg: ProvenanceSegment, offset: number, side: 'start' | 'end'): { span: SourceSpan; site: SourceSpan } {
  if (seg.kind === 'action') return { span: seg.span, site: seg.site };
  const at = seg.span.start + (offset - seg.outStart) + (side === 'end' ? 1 : 0);
  const span = { path: seg.span.path, start: at, end: at };
  const sameFile = seg.site.path === seg.span.path && seg.site.start <= seg.span.start && seg.span.end <= seg.site.end;
  return { span, site: sameFile ? span : seg.site };
}

function join(a: SourceSpan, b: SourceSpan): SourceSpan {
  if (a.path !== b.path) return a;
  return { path: a.path, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** The origin of output range [start, end). An empty range maps to the point before `start`. */
export function originOf(template: RenderedTemplate, start: number, end: number): Origin {
  const segs = template.segments;
  const fallback: SourceSpan = { path: template.path, start: 0, end: 0 };
  if (segs.length === 0) return { span: fallback, site: fallback, literal: false };
  const clampedStart = Math.max(0, Math.min(start, template.output.length - 1));
  const last = Math.max(clampedStart, Math.min(end, template.output.length) - 1);
  const first = segmentAt(segs, clampedStart);
  const final = segmentAt(segs, last);
  if (!first || !final) return { span: fallback, site: fallback, literal: false };
  const a = pointIn(first, clampedStart, 'start');
  const b = pointIn(final, last, end > start ? 'end' : 'start');
  const span = join(a.span, b.span);
  const site = join(a.site, b.site);
  let literal = first.kind === 'text' && final.kind === 'text';
  if (literal && first !== final) {
    // Literal only if every segment between is text and contiguous in one file.
    const i = segs.indexOf(first);
    const j = segs.indexOf(final);
    for (let k = i; k < j && literal; k++) {
      const [x, y] = [segs[k], segs[k + 1]];
      literal = y.kind === 'text' && y.span.path === x.span.path && y.span.start === x.span.end;
    }
  }
  return { span, site, literal };
}
