// Lexer for Go text/template (a port of text/template/parse/lex.go, default delimiters, comments dropped).
// Offsets are UTF-16 offsets into the template text.

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  | 'comment'
  // keywords
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'range'
  | 'nil'
  | 'template'
  | 'with';

export interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS: Record<string, ItemType> = {
  '.': 'dot',
  block: 'block',
  break: 'break',
  continue: 'continue',
  define: 'define',
  else: 'else',
  end: 'end',
  if: 'if',
  range: 'range',
  nil: 'nil',
  template: 'template',
  with: 'with',
};

export function isKeyword(t: ItemType): boolean {
  return t === 'block' || t === 'break' || t === 'continue' || t === 'dot' || t === 'define' || t === 'else' || t === 'end' || t === 'if' || t === 'range' || t === 'nil' || t === 'template' || t === 'with';
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string | undefined): boolean => c !== undefined && (c === '_' || /[\p{L}\p{Nd}]/u.test(c));

/** Go's %#U formatting of a rune, used in lexer errors. */
function formatU(c: string): string {
  const cp = c.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

function hasLeftTrimMarker(s: string, i: number): boolean {
  return s[i] === '-' && isSpace(s[i + 1]);
}
function hasRightTrimMarker(s: string, i: number): boolean {
  return isSpace(s[i]) && s[i + 1] === '-';
}

/** Lexes the whole input into items; stops after the first error item. */
export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  const lineAt = lineIndex(input);
  let parenDepth = 0;
  let done = false;

  const emit = (typ: ItemType): void => {
    items.push({ typ, pos: start, val: input.slice(start, pos), line: lineAt(start) });
    start = pos;
  };
  const ignore = (): void => {
    start = pos;
  };
  const errorf = (msg: string): void => {
    items.push({ typ: 'error', pos: start, val: msg, line: lineAt(start) });
    done = true;
  };
  const next = (): string | undefined => {
    if (pos >= input.length) {
      pos++; // so that backup works after eof
      return undefined;
    }
    return input[pos++];
  };
  const backup = (): void => {
    pos--;
  };
  const peek = (): string | undefined => input[pos];
  const accept = (valid: string): boolean => {
    const c = input[pos];
    if (c !== undefined && valid.includes(c)) {
      next();
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (pos < input.length && valid.includes(input[pos])) next();
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith('}}', pos + 2)) return { delim: true, trim: true };
    if (input.startsWith('}}', pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  };
  const atTerminator = (): boolean => {
    const c = input[pos];
    if (c === undefined || isSpace(c)) return true;
    if ('.,|:)('.includes(c)) return true;
    return atRightDelim().delim;
  };

  type StateFn = (() => StateFn) | null;

  const lexText = (): StateFn => {
    const x = input.indexOf('{{', pos);
    if (x >= 0) {
      if (x > pos) {
        // Trim trailing whitespace of the text when the action starts with "{{- ".
        let end = x;
        if (hasLeftTrimMarker(input, x + 2)) while (end > pos && isSpace(input[end - 1])) end--;
        pos = end;
        if (pos > start) emit('text');
        pos = x;
        ignore();
      }
      return lexLeftDelim;
    }
    pos = input.length;
    if (pos > start) emit('text');
    items.push({ typ: 'eof', pos, val: '', line: lineAt(pos) });
    return null;
  };

  const lexLeftDelim = (): StateFn => {
    pos += 2;
    const trim = hasLeftTrimMarker(input, pos);
    const after = trim ? 2 : 0;
    if (input.startsWith('/*', pos + after)) {
      pos += after;
      ignore();
      return lexComment;
    }
    emit('leftDelim');
    pos += after;
    ignore();
    parenDepth = 0;
    return lexInsideAction;
  };

  const lexComment = (): StateFn => {
    pos += 2;
    const x = input.indexOf('*/', pos);
    if (x < 0) {
      errorf('unclosed comment');
      return null;
    }
    pos = x + 2;
    const { delim, trim } = atRightDelim();
    if (!delim) {
      errorf('comment ends before closing delimiter');
      return null;
    }
    if (trim) pos += 2;
    pos += 2;
    if (trim) while (isSpace(input[pos])) pos++;
    ignore();
    return lexText;
  };

  const lexRightDelim = (): StateFn => {
    const { trim } = atRightDelim();
    if (trim) {
      pos += 2;
      ignore();
    }
    pos += 2;
    emit('rightDelim');
    if (trim) {
      while (isSpace(input[pos])) pos++;
      ignore();
    }
    return lexText;
  };

  const lexInsideAction = (): StateFn => {
    const { delim } = atRightDelim();
    if (delim) {
      if (parenDepth === 0) return lexRightDelim;
      errorf('unclosed left paren');
      return null;
    }
    const r = next();
    if (r === undefined) {
      errorf('unclosed action');
      return null;
    }
    if (isSpace(r)) {
      backup();
      return lexSpace;
    }
    switch (r) {
      case '=':
        emit('assign');
        return lexInsideAction;
      case ':':
        if (next() !== '=') {
          errorf('expected :=');
          return null;
        }
        emit('declare');
        return lexInsideAction;
      case '|':
        emit('pipe');
        return lexInsideAction;
      case '"':
        return lexQuote;
      case '`':
        return lexRawQuote;
      case '$':
        return lexVariable;
      case "'":
        return lexChar;
      case '(':
        emit('leftParen');
        parenDepth++;
        return lexInsideAction;
      case ')':
        // Go 1.23 reports an unbalanced ")" before emitting it (the parser never sees it).
        parenDepth--;
        if (parenDepth < 0) {
          errorf('unexpected right paren');
          return null;
        }
        emit('rightParen');
        return lexInsideAction;
    }
    if (r === '.') {
      const c = input[pos];
      if (c === undefined || c < '0' || c > '9') return lexField;
    }
    if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      backup();
      return lexIdentifier;
    }
    const cp = r.charCodeAt(0);
    if (cp < 0x80 && cp >= 0x20 && cp !== 0x7f) {
      emit('char');
      return lexInsideAction;
    }
    errorf(`unrecognized character in action: ${formatU(r)}`);
    return null;
  };

  const lexSpace = (): StateFn => {
    let numSpaces = 0;
    while (isSpace(peek())) {
      next();
      numSpaces++;
    }
    // A trim-marked right delimiter " -}}" starts with a space: leave it for lexRightDelim.
    if (hasRightTrimMarker(input, pos - 1) && input.startsWith('}}', pos + 1)) {
      backup();
      if (numSpaces === 1) return lexRightDelim;
    }
    emit('space');
    return lexInsideAction;
  };

  const lexIdentifier = (): StateFn => {
    for (;;) {
      const r = next();
      if (isAlphaNumeric(r)) continue;
      backup();
      if (!atTerminator()) {
        errorf(`bad character ${formatU(r ?? '')}`);
        return null;
      }
      const word = input.slice(start, pos);
      const kw = Object.prototype.hasOwnProperty.call(KEYWORDS, word) ? KEYWORDS[word] : undefined;
      if (kw) emit(kw);
      else if (word[0] === '.') emit('field');
      else if (word === 'true' || word === 'false') emit('bool');
      else emit('identifier');
      return lexInsideAction;
    }
  };

  const lexFieldOrVariable = (typ: 'field' | 'variable'): StateFn => {
    if (atTerminator()) {
      emit(typ === 'variable' ? 'variable' : 'dot');
      return lexInsideAction;
    }
    let r: string | undefined;
    for (;;) {
      r = next();
      if (!isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) {
      errorf(`bad character ${formatU(r ?? '')}`);
      return null;
    }
    emit(typ);
    return lexInsideAction;
  };
  const lexField = (): StateFn => lexFieldOrVariable('field');
  const lexVariable = (): StateFn => lexFieldOrVariable('variable');

  const lexChar = (): StateFn => {
    for (;;) {
      const r = next();
      if (r === '\\') {
        const r2 = next();
        if (r2 !== undefined && r2 !== '\n') continue;
        errorf('unterminated character constant');
        return null;
      }
      if (r === undefined || r === '\n') {
        errorf('unterminated character constant');
        return null;
      }
      if (r === "'") break;
    }
    emit('charConstant');
    return lexInsideAction;
  };

  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };

  const lexNumber = (): StateFn => {
    if (!scanNumber()) {
      errorf(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
      return null;
    }
    const sign = peek();
    if (sign === '+' || sign === '-') {
      if (!scanNumber() || input[pos - 1] !== 'i') {
        errorf(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
        return null;
      }
      emit('complex');
    } else emit('number');
    return lexInsideAction;
  };

  const lexQuote = (): StateFn => {
    for (;;) {
      const r = next();
      if (r === '\\') {
        const r2 = next();
        if (r2 !== undefined && r2 !== '\n') continue;
        errorf('unterminated quoted string');
        return null;
      }
      if (r === undefined || r === '\n') {
        errorf('unterminated quoted string');
        return null;
      }
      if (r === '"') break;
    }
    emit('string');
    return lexInsideAction;
  };

  const lexRawQuote = (): StateFn => {
    const x = input.indexOf('`', pos);
    if (x < 0) {
      errorf('unterminated raw quoted string');
      return null;
    }
    pos = x + 1;
    emit('rawString');
    return lexInsideAction;
  };

  let state: StateFn = lexText;
  while (state && !done) state = state();
  if (done) return items;
  return items;
}

/** Returns a function from offset to 1-based line number. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
