// Splitting rendered templates into YAML documents the way Helm does (pkg/releaseutil/manifest.go).

/** A document of a rendered template: `text` is `output.slice(start, end)`, trimmed as Helm trims it. */
export interface DocumentSlice {
  /** In-file order among the template's non-empty documents. */
  index: number;
  start: number;
  end: number;
  text: string;
}

// Go: regexp.MustCompile("(?:^|\\s*\n)---\\s*") where \s is [\t\n\f\r ].
const SEPARATOR = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/g;
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
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(body); m; m = SEPARATOR.exec(body)) {
    push(last, m.index);
    last = m.index + m[0].length;
  }
  push(last, body.length);
  return docs;
}
