// Splitting rendered templates into YAML documents the way Helm does (pkg/releaseutil/manifest.go).

/** A document of a rendered template: `text` is `output.slice(start, end)`, trimmed as Helm trims it. */
export interface DocumentSlice {
  /** In-file order among the template's non-empty documents. */
  index: number;
  start: number;
  end: number;
  text: string;
}

// Go: regexp.MustCompile("(?:^|\\s*\n)---\\s*") where \s is [\t\n\f\r ]. A scan instead of that regular expression:
// in JavaScript it backtracks over every run of indentation, which is slow on large CRDs.
const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

/** The [start, end) of each separator match, leftmost first, as the Go regexp finds them. */
export function separators(body: string): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  const extend = (e: number) => {
    while (e < body.length && isSpace(body[e])) e++;
    return e;
  };
  if (body.startsWith('---')) {
    from = extend(3);
    out.push([0, from]);
  }
  for (let i = body.indexOf('\n---', from); i >= 0; i = body.indexOf('\n---', from)) {
    let start = i;
    while (start > from && isSpace(body[start - 1])) start--;
    from = extend(i + 4);
    out.push([start, from]);
  }
  return out;
}

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0]/;

function trimBounds(text: string, start: number, end: number): [number, number] {
  while (start < end && GO_SPACE.test(text[start])) start++;
  while (end > start && GO_SPACE.test(text[end - 1])) end--;
  return [start, end];
}

/** releaseutil.SplitManifests, keeping each document's offsets in `output`. */
export function splitDocuments(output: string): DocumentSlice[] {
  const [from, to] = trimBounds(output, 0, output.length);
  const body = output.slice(from, to);
  const docs: DocumentSlice[] = [];
  let last = 0;
  const push = (s: number, e: number) => {
    const [ts, te] = trimBounds(body, s, e);
    if (te > ts) docs.push({ index: docs.length, start: from + ts, end: from + te, text: body.slice(ts, te) });
  };
  for (const [start, end] of separators(body)) {
    push(last, start);
    last = end;
  }
  push(last, body.length);
  return docs;
}
