// blankActions: the template text with every {{ ... }} action (comments and trim markers included) turned into
// spaces, newlines kept, so that offsets and lines still match the file. Used when a template can't be rendered.

/** End offset (exclusive) of the action starting at `start` ("{{"), or -1 when it never closes. */
function actionEnd(text: string, start: number): number {
  let i = start + 2;
  if (text[i] === '-' && /\s/.test(text[i + 1] ?? '')) i += 2;
  // Comment: ends at "*/" followed by an optional trim marker and "}}".
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n') i++;
  if (text.startsWith('/*', i)) {
    const c = text.indexOf('*/', i + 2);
    if (c < 0) return -1;
    const close = text.indexOf('}}', c + 2);
    return close < 0 ? -1 : close + 2;
  }
  while (i < text.length) {
    const ch = text[i];
    if (ch === '}' && text[i + 1] === '}') return i + 2;
    if (ch === '"' || ch === "'") {
      // Interpreted string / char constant: ends at the quote or the line end (a lexer error then).
      i++;
      while (i < text.length && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (ch === '`') {
      const e = text.indexOf('`', i + 1);
      if (e < 0) return -1;
      i = e + 1;
      continue;
    }
    i++;
  }
  return -1;
}

export function blankActions(text: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const start = text.indexOf('{{', pos);
    if (start < 0) break;
    let end = actionEnd(text, start);
    if (end < 0) {
      // Unclosed: blank to the end of the line so the rest of the file stays usable.
      const nl = text.indexOf('\n', start);
      end = nl < 0 ? text.length : nl;
    }
    out += text.slice(pos, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    pos = end;
  }
  return out + text.slice(pos);
}
