// Parser for Go text/template (a port of text/template/parse/parse.go). Produces one Tree per template name:
// the file's own body plus one per {{define}}/{{block}}.

import { goStringOf } from './gostring';
import {
  ArgNode,
  BranchNode,
  CommandNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  Span,
  TemplateNode,
  Tree,
  VariableNode,
  isEmptyTree,
} from './ast';
import { Item, ItemType, isKeyword, lex } from './lexer';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Sentinel nodes returned by itemList for {{end}} / {{else}}. */
interface EndNode {
  type: 'end' | 'else';
  pos: number;
  line: number;
}

function itemString(i: Item): string {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (isKeyword(i.typ)) return `<${i.val}>`;
  if (i.val.length > 10) return goQuotePrefix(i.val, 10) + '...';
  return JSON.stringify(i.val);
}

/** Go's %.10q: quote the first n runes. */
function goQuotePrefix(s: string, n: number): string {
  return JSON.stringify([...s].slice(0, n).join(''));
}

export interface ParseResult {
  trees: Map<string, Tree>;
}

/** Arrays built by push keep spare capacity (17 slots after the first push); a parse keeps its trees for as long as
 *  the text is cached, so each is cut to its length once complete (kube-prometheus-stack: about 8 MB). */
function fit<T>(a: T[]): T[] {
  return a.length === 0 ? a : a.slice();
}

/** Names and short string literals repeat across a chart's templates (kube-prometheus-stack: 60,000 of them, 2,500
 *  distinct): the trees share one string of each, not a copy per occurrence. A kept string is a copy: a slice of the
 *  template's text would keep that whole text (an edit's) alive. */
const interned = new Map<string, string>();
function intern(s: string): string {
  if (s.length > 64) return s;
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size >= 16384) interned.clear();
  const own = s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string); // V8 copies substrings under 13 characters
  interned.set(own, own);
  return own;
}

/**
 * Parses `text` as template `name`. Defines found in it are added to the result. Throws ParseError.
 * `hasFunction` decides which identifiers are functions (unknown ones are parse errors, as in Go).
 */
export function parse(name: string, text: string, path: string | undefined, hasFunction: (n: string) => boolean): Map<string, Tree> {
  return new Parser(name, text, path, hasFunction).parseAll();
}

class Parser {
  private items: Item[];
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private trees = new Map<string, Tree>();
  private last: Item;
  private actionStart = -1;
  private lastRightEnd = 0;

  constructor(
    private name: string,
    private text: string,
    private path: string | undefined,
    private hasFunction: (n: string) => boolean,
  ) {
    this.items = lex(text);
    this.last = this.items[0];
  }

  // ---- token access ----
  private next(): Item {
    const it = this.items[Math.min(this.i, this.items.length - 1)];
    this.i++;
    this.last = it;
    if (it.typ === 'rightDelim') this.lastRightEnd = it.pos + it.val.length;
    if (it.typ === 'error') this.lexError(it);
    return it;
  }
  /** Lexer errors; Go adds where a multi-line action started. */
  private lexError(it: Item): never {
    let extra = '';
    if (this.actionStart >= 0) {
      const actionLine = this.text.slice(0, this.actionStart).split('\n').length;
      if (actionLine !== it.line) {
        extra = ` in action started at ${this.name}:${actionLine}`;
        if (it.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
    }
    this.errorf(it.val + extra);
  }
  private backup(n = 1): void {
    this.i -= n;
  }
  private peek(): Item {
    const it = this.items[Math.min(this.i, this.items.length - 1)];
    if (it.typ === 'error') {
      this.last = it;
      this.lexError(it);
    }
    return it;
  }
  private nextNonSpace(): Item {
    let it: Item;
    do it = this.next();
    while (it.typ === 'space');
    return it;
  }
  private peekNonSpace(): Item {
    const it = this.nextNonSpace();
    this.backup();
    return it;
  }
  private expect(typ: ItemType, context: string): Item {
    const it = this.nextNonSpace();
    if (it.typ !== typ) this.unexpected(it, context);
    return it;
  }
  private expectOneOf(a: ItemType, b: ItemType, context: string): Item {
    const it = this.nextNonSpace();
    if (it.typ !== a && it.typ !== b) this.unexpected(it, context);
    return it;
  }

  // ---- errors ----
  errorf(msg: string): never {
    const it = this.last;
    const start = this.actionStart >= 0 ? this.actionStart : it.pos;
    const end = Math.min(this.text.length, Math.max(it.pos + Math.max(it.val.length, 1), start + 1));
    throw new ParseError(`template: ${this.name}:${it.line}: ${msg}`, { start, end }, it.line);
  }
  private unexpected(it: Item, context: string): never {
    if (it.typ === 'error') this.lexError(it);
    this.errorf(`unexpected ${itemString(it)} in ${context}`);
  }

  // ---- trees ----
  private newTree(name: string, root: ListNode): Tree {
    return { name, parseName: this.name, path: this.path, text: this.text, root };
  }
  private add(tree: Tree): void {
    const old = this.trees.get(tree.name);
    if (!old || isEmptyTree(old.root)) {
      this.trees.set(tree.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) this.errorf(`template: multiple definition of template ${JSON.stringify(tree.name)}`);
  }

  parseAll(): Map<string, Tree> {
    const root: ListNode = { type: 'list', pos: 0, nodes: [] };
    const top = this.newTree(this.name, root);
    while (this.peek().typ !== 'eof') {
      if (this.peek().typ === 'leftDelim') {
        const delim = this.next();
        // A lexer error right after {{ (an unclosed action) also says where the action started.
        this.actionStart = delim.pos;
        const isDefine = this.nextNonSpace().typ === 'define';
        this.actionStart = -1;
        if (isDefine) {
          this.actionStart = delim.pos;
          this.parseDefinition();
          this.actionStart = -1;
          continue;
        }
        // Back up to the delimiter (skipping spaces consumed by nextNonSpace).
        while (this.items[this.i - 1] !== delim) this.i--;
        this.i--;
      }
      const at = this.peek().pos;
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') {
        // The diagnostic covers the stray action, from its {{.
        this.actionStart = at;
        this.errorf(`unexpected {{${n.type}}}`);
      } else root.nodes.push(n as Node);
    }
    root.nodes = fit(root.nodes);
    this.add(top);
    return this.trees;
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const nameTok = this.expectOneOf('string', 'rawString', context);
    const name = this.unquote(nameTok.val);
    this.expect('rightDelim', context);
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    this.vars = savedVars;
    if (end.type !== 'end') this.errorf(`unexpected {{${end.type}}} in ${context}`);
    this.add({ name, parseName: this.name, path: this.path, text: this.text, root: list });
  }

  private itemList(): [ListNode, EndNode] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') {
        list.nodes = fit(list.nodes);
        return [list, n];
      } else list.nodes.push(n as Node);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | EndNode {
    const it = this.nextNonSpace();
    switch (it.typ) {
      case 'text':
        return { type: 'text', pos: it.pos, text: it.val };
      case 'leftDelim': {
        const saved = this.actionStart;
        this.actionStart = it.pos;
        const n = this.action(it.pos);
        this.actionStart = saved;
        return n;
      }
      default:
        this.unexpected(it, 'input');
    }
  }

  private span(start: number): Span {
    return { start, end: this.lastRightEnd };
  }

  private action(start: number): Node | EndNode {
    const it = this.nextNonSpace();
    switch (it.typ) {
      case 'block':
        return this.blockControl(start);
      case 'break':
      case 'continue': {
        const t = this.nextNonSpace();
        if (t.typ !== 'rightDelim') this.unexpected(t, `{{${it.typ}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${it.typ}}} outside {{range}}`);
        return { type: it.typ, pos: it.pos, line: it.line, span: this.span(start) };
      }
      case 'else':
        return this.elseControl();
      case 'end': {
        const t = this.expect('rightDelim', 'end');
        return { type: 'end', pos: t.pos, line: t.line };
      }
      case 'if':
      case 'range':
      case 'with':
        return this.control(it.typ, start);
      case 'template':
        return this.templateControl(start);
    }
    this.backup();
    const tok = this.peek();
    const pipe = this.pipeline('command', 'rightDelim');
    return { type: 'action', pos: tok.pos, line: tok.line, pipe, span: this.span(start) };
  }

  private elseControl(): EndNode {
    const p = this.peekNonSpace();
    // "{{else if" / "{{else with" leave the keyword pending for parseControl.
    if (p.typ === 'if' || p.typ === 'with') return { type: 'else', pos: p.pos, line: p.line };
    const t = this.expect('rightDelim', 'else');
    return { type: 'else', pos: t.pos, line: t.line };
  }

  private control(kind: 'if' | 'range' | 'with', start: number): BranchNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    const span = this.span(start);
    if (kind === 'range') this.rangeDepth++;
    let [list, next] = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.type === 'else') {
      // "{{else if}}" is parsed as "{{else}}{{if}}...{{end}}{{end}}" with the inner end shared.
      if (kind === 'if' && this.peek().typ === 'if') {
        const t = this.next();
        elseList = { type: 'list', pos: next.pos, nodes: [this.control('if', this.elseStart(t))] };
      } else if (kind === 'with' && this.peek().typ === 'with') {
        const t = this.next();
        elseList = { type: 'list', pos: next.pos, nodes: [this.control('with', this.elseStart(t))] };
      } else {
        [elseList, next] = this.itemList();
        if (next.type !== 'end') this.errorf(`expected end; found {{${next.type}}}`);
      }
    }
    this.vars.length = mark;
    return { type: kind, pos: pipe.pos, line: pipe.line, pipe, list, elseList, span };
  }

  /** Start offset of the `{{` of the `{{else if` whose keyword token is `t`. */
  private elseStart(t: Item): number {
    const i = this.text.lastIndexOf('{{', t.pos);
    return i >= 0 ? i : t.pos;
  }

  private blockControl(start: number): TemplateNode {
    const context = 'block clause';
    const tok = this.nextNonSpace();
    const name = this.templateName(tok, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const span = this.span(start);
    const savedVars = this.vars;
    const savedDepth = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, end] = this.itemList();
    this.vars = savedVars;
    this.rangeDepth = savedDepth;
    if (end.type !== 'end') this.errorf(`unexpected {{${end.type}}} in ${context}`);
    this.add({ name, parseName: this.name, path: this.path, text: this.text, root: list });
    return { type: 'template', pos: tok.pos, line: tok.line, name, pipe, span };
  }

  private templateControl(start: number): TemplateNode {
    const context = 'template clause';
    const tok = this.nextNonSpace();
    const name = this.templateName(tok, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos: tok.pos, line: tok.line, name, pipe, span: this.span(start) };
  }

  private templateName(tok: Item, context: string): string {
    if (tok.typ === 'string' || tok.typ === 'rawString') return this.unquote(tok.val);
    this.unexpected(tok, context);
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const tok = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: tok.pos, line: tok.line, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      this.nextNonSpace();
      const vIndex = this.i;
      const afterVar = this.peek();
      const nxt = this.peekNonSpace();
      if (nxt.typ === 'assign' || nxt.typ === 'declare') {
        pipe.isAssign = nxt.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [intern(v.val)] });
        this.vars.push(v.val);
      } else if (nxt.typ === 'char' && nxt.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [intern(v.val)] });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else {
        // Not a declaration: put the variable back.
        void afterVar;
        this.i = vIndex - 1;
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.typ === end) {
        this.checkPipeline(pipe, context);
        pipe.decl = fit(pipe.decl);
        pipe.cmds = fit(pipe.cmds);
        return pipe;
      }
      switch (t.typ) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const t = pipe.cmds[i].args[0].type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const t = this.next();
      if (t.typ === 'space') continue;
      if (t.typ === 'rightDelim' || t.typ === 'rightParen') this.backup();
      else if (t.typ !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    cmd.args = fit(cmd.args);
    return cmd;
  }

  private operand(): ArgNode | undefined {
    let node = this.term();
    if (!node) return undefined;
    if (this.peek().typ === 'field') {
      const pos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().typ === 'field') fields.push(intern(this.next().val.slice(1)));
      switch (node.type) {
        case 'field':
          node = { type: 'field', pos, ident: node.ident.concat(fields) };
          break;
        case 'variable':
          node = { type: 'variable', pos, ident: node.ident.concat(fields) };
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${JSON.stringify(argStr(node))}`);
          break;
        default:
          node = { type: 'chain', pos, node, field: fit(fields) };
      }
    }
    return node;
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case 'identifier':
        if (!this.hasFunction(t.val)) this.errorf(`function ${JSON.stringify(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, ident: intern(t.val) };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable': {
        const ident = t.val.split('.').map(intern);
        if (!this.vars.includes(ident[0])) this.errorf(`undefined variable ${JSON.stringify(ident[0])}`);
        return { type: 'variable', pos: t.pos, ident };
      }
      case 'field':
        return { type: 'field', pos: t.pos, ident: [intern(t.val.slice(1))] };
      case 'bool':
        return { type: 'bool', pos: t.pos, val: t.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.number(t);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { type: 'string', pos: t.pos, quoted: intern(t.val), text: intern(this.unquote(t.val)) };
    }
    this.backup();
    return undefined;
  }

  private unquote(q: string): string {
    const r = unquoteGo(q);
    if (r === undefined) this.errorf('invalid syntax');
    return r;
  }

  private number(t: Item): NumberNode {
    const n: NumberNode = { type: 'number', pos: t.pos, text: t.val, isInt: false, isUint: false, isFloat: false, isComplex: false, int: 0n, float: 0 };
    if (t.typ === 'charConstant') {
      // strconv.UnquoteChar: \x and octal escapes are the rune of that value ('\xFF' is 255, not a byte of UTF-8).
      const byteEscape = /^'\\(?:x([0-9a-fA-F]{2})|([0-7]{3}))'$/.exec(t.val);
      if (byteEscape) {
        const r = BigInt(byteEscape[1] !== undefined ? parseInt(byteEscape[1], 16) : parseInt(byteEscape[2], 8));
        if (r > 255n) this.errorf(`malformed character constant: ${t.val}`);
        return { ...n, isInt: true, isUint: true, isFloat: true, int: r, float: Number(r) };
      }
      const s = unquoteGo(t.val);
      if (s === undefined || [...s].length !== 1) this.errorf(`malformed character constant: ${t.val}`);
      const r = BigInt(s.codePointAt(0)!);
      return { ...n, isInt: true, isUint: true, isFloat: true, int: r, float: Number(r) };
    }
    if (t.typ === 'complex' || t.val.endsWith('i')) {
      const c = parseComplex(t.val, t.typ === 'complex');
      if (c === undefined) this.errorf(`illegal number syntax: ${JSON.stringify(t.val)}`);
      // simplifyComplex: a zero imaginary part also makes it a float (and an int when whole).
      const out: NumberNode = { ...n, isComplex: true, complex: c };
      if (c[1] === 0) {
        out.isFloat = true;
        out.float = c[0];
        if (Number.isInteger(c[0]) && Math.abs(c[0]) < 2 ** 63) {
          out.isInt = true;
          out.int = BigInt(c[0]);
          out.isUint = c[0] >= 0;
        }
      }
      return out;
    }
    const i = parseGoInt(t.val);
    if (i !== undefined) {
      if (i >= -(1n << 63n) && i < 1n << 63n) {
        n.isInt = true;
        n.int = i;
      }
      if (i >= 0n && i < 1n << 64n) n.isUint = true;
      if (n.isInt || n.isUint) {
        n.isFloat = true;
        n.float = Number(i);
        if (!n.isInt) n.int = i;
        return n;
      }
    }
    const f = parseGoFloat(t.val);
    if (f !== undefined) {
      if (!/[.eEpP]/.test(t.val)) this.errorf(`integer overflow: ${JSON.stringify(t.val)}`);
      n.isFloat = true;
      n.float = f;
      if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
        n.isInt = true;
        n.int = BigInt(f);
        if (f >= 0) n.isUint = true;
      }
      return n;
    }
    this.errorf(`illegal number syntax: ${JSON.stringify(t.val)}`);
  }
}

/** A complex literal: `<float>i` (strconv.ParseFloat of the rest) or, as the lexer's itemComplex, `<re>±<im>i`. */
function parseComplex(text: string, withReal: boolean): [number, number] | undefined {
  if (!withReal) {
    const im = parseGoFloat(text.slice(0, -1));
    return im === undefined ? undefined : [0, im];
  }
  const m = /^([+-]?(?:0[xX][0-9a-fA-F_.]+(?:[pP][+-]?\d+)?|[0-9_.]+(?:[eE][+-]?\d+)?))([+-].+)i$/.exec(text);
  if (!m) return undefined;
  const re = parseGoFloat(m[1]);
  const im = parseGoFloat(m[2]);
  return re === undefined || im === undefined ? undefined : [re, im];
}

function argStr(n: ArgNode): string {
  switch (n.type) {
    case 'string':
      return n.quoted;
    case 'number':
      return n.text;
    case 'bool':
      return String(n.val);
    case 'nil':
      return 'nil';
    case 'dot':
      return '.';
    default:
      return '';
  }
}

/** strconv.ParseInt(s, 0, 64)-like parse of a Go integer literal (no range check). */
export function parseGoInt(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10;
  let prefix = '';
  if (/^0[xX]/.test(s)) base = 16;
  else if (/^0[oO]/.test(s)) base = 8;
  else if (/^0[bB]/.test(s)) base = 2;
  else if (/^0[0-9_]/.test(s)) {
    base = 8;
    prefix = '0';
  }
  if (base !== 10 && !prefix) {
    prefix = s.slice(0, 2);
    s = s.slice(2);
  } else if (prefix) s = s.slice(1);
  if (s.includes('_')) {
    // Underscores only between digits (or after a base prefix).
    if (!/^_?[0-9a-fA-F]+(_[0-9a-fA-F]+)*$/.test(s) || (s[0] === '_' && !prefix)) return undefined;
    s = s.replace(/_/g, '');
  }
  const digits = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!digits.test(s)) return prefix === '0' && s === '' ? 0n : undefined;
  const v = BigInt((base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '') + s);
  return neg ? -v : v;
}

/** strconv.ParseFloat for Go literal syntax (decimal and hex floats, underscores). */
export function parseGoFloat(text: string): number | undefined {
  const s = text.replace(/_/g, '');
  if (/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$/.test(s)) return Number(s);
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s);
  if (m) {
    const mant = parseInt((m[2] || '0') + (m[3] || ''), 16);
    const v = mant * Math.pow(2, parseInt(m[4], 10) - 4 * m[3].length);
    return m[1] === '-' ? -v : v;
  }
  return undefined;
}

/** strconv.Unquote for "...", `...` and '...' literals. Returns undefined on bad syntax. */
export function unquoteGo(q: string): string | undefined {
  if (q.length < 2) return undefined;
  const quote = q[0];
  if (q[q.length - 1] !== quote) return undefined;
  const body = q.slice(1, -1);
  if (quote === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '');
  if (quote !== '"' && quote !== "'") return undefined;
  if (!body.includes('\\')) return body;
  const bytes: number[] = [];
  const pushStr = (s: string): void => {
    for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      pushStr(ch);
      i += ch.length - 1;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case 'a':
        bytes.push(7);
        break;
      case 'b':
        bytes.push(8);
        break;
      case 'f':
        bytes.push(12);
        break;
      case 'n':
        bytes.push(10);
        break;
      case 'r':
        bytes.push(13);
        break;
      case 't':
        bytes.push(9);
        break;
      case 'v':
        bytes.push(11);
        break;
      case '\\':
        bytes.push(92);
        break;
      case '"':
      case "'":
        if (e !== quote) return undefined;
        bytes.push(e.charCodeAt(0));
        break;
      case 'x': {
        const h = body.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined;
        bytes.push(parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        const n = e === 'u' ? 4 : 8;
        const h = body.slice(i + 1, i + 1 + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) return undefined;
        const cp = parseInt(h, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return undefined;
        pushStr(String.fromCodePoint(cp));
        i += n;
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          const o = body.slice(i, i + 3);
          if (!/^[0-7]{3}$/.test(o)) return undefined;
          const v = parseInt(o, 8);
          if (v > 255) return undefined;
          bytes.push(v);
          i += 2;
          break;
        }
        return undefined;
    }
  }
  return goStringOf(Uint8Array.from(bytes));
}

export type { VariableNode };
