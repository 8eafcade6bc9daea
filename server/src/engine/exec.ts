// Executor for parsed templates (a port of text/template/exec.go with Helm's missingkey=zero option).
// Output goes to a PBuilder so every output character keeps its provenance.

import type { SourceSpan } from './spans';
import { ArgNode, BranchNode, ChainNode, CommandNode, FieldNode, IdentifierNode, Node, NumberNode, PipeNode, TemplateNode, Tree, VariableNode, argString, commandString, nodeString, pipeString } from './ast';
import { formatFloat, sprintValue } from './gofmt';
import { PBuilder, PStr } from './pstr';
import { GoMethod, GoStruct, Int64, PARAM_GO_TYPE, ParamType, Value, goTypeName, isTrue, plain, sortedKeys, str } from './values';
import { LIMITS } from './limits';

/** A template function as the executor calls it. */
export interface FuncDef {
  params: ParamType[];
  variadic?: ParamType;
  /** Pass string arguments with their provenance (PStr) instead of plain strings. */
  keepProvenance?: boolean;
  /** and/or: arguments evaluated lazily by the executor. */
  lazy?: 'and' | 'or';
  fn: (args: Value[], ctx: CallContext) => Value;
  /** Whether two renders of the same input can differ, and why (see Nondeterminism). */
  nondeterministic?: Nondeterminism;
}
/**
 * Why a function's result can change between two renders of the same chart and values: `random` (random bytes,
 * salts, IVs, keys, serial numbers), `clock` (the current time, also used by Sprig's date functions when the date
 * argument is not a time), `map-order` (Go's randomised map iteration order, as in Sprig's `keys` and `values`).
 */
export type Nondeterminism = 'random' | 'clock' | 'map-order';
export type FuncMap = ReadonlyMap<string, FuncDef>;

/** What a function may use from the executor (include, tpl, template lookups). */
export interface CallContext {
  readonly exec: Executor;
  /** The state of the calling template (for include/tpl recursion counting and site). */
  readonly state: State;
}

/** The template set: every tree by name. */
export interface TemplateSet {
  lookup(name: string): Tree | undefined;
  /** Name used in "no template %q associated with template %q" messages. */
  readonly rootName: string;
}

/** An execution error with Go's message and the action where it happened. */
export class ExecError extends Error {
  constructor(
    message: string,
    readonly span: SourceSpan | undefined,
  ) {
    super(message);
  }
}

/** Thrown by functions to report "error calling X: msg". */
export class FuncError extends Error {}

/** Unwinds deep include recursion that exhausted the JS stack before Helm's 1000-level limit. */
class RecursionLimit {
  constructor(readonly name: string) {}
}

/** A value read straight from a chart's values: the `.Values` map it was read from and the key path in it. */
export interface ValueRef {
  values: Map<string, Value>;
  path: string[];
}

/** Functions whose output still stands for their (piped or only) argument's value. */
const VALUE_KEEPING = new Set(['quote', 'squote', 'toString', 'default', 'trim', 'toYaml', 'toJson', 'nindent', 'indent', 'upper', 'lower', 'int', 'int64', 'float64', 'b64enc', 'trunc', 'trimSuffix', 'trimPrefix', 'required']);

const MISSING = Symbol('missing');
type Final = Value | typeof MISSING;

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

const MAX_EXEC_DEPTH = 100000;
/** Helm's recursionMaxNums for include. */
const INCLUDE_MAX = 1000;

interface Variable {
  name: string;
  value: Value;
}

/** Per-template-execution state (Go's `state`). */
export class State {
  vars: Variable[];
  /** Innermost action being executed, for error spans. */
  curSpan: SourceSpan | undefined;
  constructor(
    readonly set: TemplateSet,
    readonly tree: Tree,
    readonly out: PBuilder,
    /** Set when writing into a template file's output from a nested context: the outermost action there. */
    readonly site: SourceSpan | undefined,
    readonly depth: number,
    dot: Value,
  ) {
    this.vars = [{ name: '$', value: dot }];
  }
}

/** A complex128 (only literals make one): fmt prints it as (re+imi). */
function complexValue(re: number, im: number): GoStruct {
  const text = `(${formatFloat(re, 'g', -1)}${im >= 0 || Number.isNaN(im) ? '+' : ''}${formatFloat(im, 'g', -1)}i)`;
  return new GoStruct('complex128', new Map(), {}, () => text, [re, im]);
}

function utf8Len(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export class Executor {
  constructor(
    readonly set: TemplateSet,
    readonly funcs: FuncMap,
  ) {}

  /** Helm's include recursion counters, by template name. */
  readonly includeCounts = new Map<string, number>();
  private includeDepth = 0;
  /** Render budget (see limits.ts): nodes walked, and the wall-clock deadline of the current render. */
  private steps = 0;
  private deadline = Infinity;

  /** Starts the budget of one template render. */
  begin(): void {
    this.steps = 0;
    this.deadline = Date.now() + LIMITS.timeMs;
    this.includeCounts.clear();
  }

  /** Executes `tree` with `dot` into `out`. Throws ExecError. */
  execute(tree: Tree, dot: Value, out: PBuilder, site?: SourceSpan, set: TemplateSet = this.set): void {
    const s = new State(set, tree, out, site, 0, dot);
    this.walk(s, dot, tree.root);
  }

  /** Helm's include: executes a named template into a string that keeps provenance. */
  include(name: string, data: Value, set: TemplateSet): string | PStr {
    const n = this.includeCounts.get(name) ?? 0;
    if (n > INCLUDE_MAX) throw new FuncError(`rendering template has a nested reference name: ${name}: unable to execute template`);
    const tree = set.lookup(name);
    if (!tree) throw new FuncError(`template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(set.rootName)}`);
    this.includeCounts.set(name, n + 1);
    this.includeDepth++;
    try {
      const out = new PBuilder();
      // ExecuteTemplate takes reflect.ValueOf(data): a nil interface becomes an invalid dot, whose fields are
      // "no value" (not a nil pointer error).
      this.execute(tree, data === null ? undefined : data, out, undefined, set);
      return out.build();
    } catch (e) {
      if (e instanceof RangeError && e.message.includes('Maximum call stack')) throw new RecursionLimit(name);
      throw e;
    } finally {
      this.includeCounts.set(name, n);
      this.includeDepth--;
    }
  }

  // ---- errors ----

  private errorf(s: State, node: { pos: number; type: string } | undefined, msg: string, inner?: SourceSpan): never {
    const tree = s.tree;
    let location = tree.parseName;
    let context = '';
    if (node) {
      const pos = node.pos;
      const before = tree.text.slice(0, pos);
      const nl = before.lastIndexOf('\n');
      const line = before.split('\n').length;
      const col = utf8Len(before.slice(nl + 1));
      location = `${tree.parseName}:${line}:${col}`;
      context = nodeContext(node as Node | ArgNode | CommandNode);
    }
    const prefix = node ? `template: ${location}: executing ${JSON.stringify(tree.name)} at <${context}>: ` : `template: ${location}: executing ${JSON.stringify(tree.name)}: `;
    throw new ExecError(prefix + msg, inner ?? s.curSpan);
  }

  // ---- walking ----

  private spanOf(s: State, span: { start: number; end: number }): SourceSpan | undefined {
    return s.tree.path === undefined ? undefined : { path: s.tree.path, start: span.start, end: span.end };
  }

  walk(s: State, dot: Value, node: Node): void {
    if ((++this.steps & 1023) === 0 && Date.now() > this.deadline) {
      this.deadline = Infinity; // report once
      this.errorf(s, node.type === 'list' || node.type === 'text' ? undefined : node, `render time budget exceeded (${LIMITS.timeMs} ms): the template loops too long`);
    }
    switch (node.type) {
      case 'list':
        for (const n of node.nodes) this.walk(s, dot, n);
        return;
      case 'text':
        if (s.tree.path === undefined) s.out.plain(node.text);
        else s.out.text(node.text, s.tree.path, node.pos, s.site);
        return;
      case 'action': {
        const span = this.spanOf(s, node.span);
        s.curSpan = span ?? s.curSpan;
        const val = this.evalPipeline(s, dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(s, val, span, this.valueSource(s, dot, node.pipe));
        return;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(s, dot, node);
      case 'range':
        return this.walkRange(s, dot, node);
      case 'template':
        return this.walkTemplate(s, dot, node);
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  /**
   * Where an action's output comes straight from: `.Values.a.b` or `$.Values.a.b`, alone or piped through functions
   * that keep the value (quote, default, toString, ...), or as the only argument of one (`quote .Values.a`).
   */
  private valueSource(s: State, dot: Value, pipe: PipeNode): ValueRef | undefined {
    const cmds = pipe.cmds;
    let first = cmds[0]?.args;
    let rest = 1;
    if (first && first.length === 2 && first[0].type === 'identifier' && VALUE_KEEPING.has(first[0].ident)) {
      first = [first[1]];
    } else if (first && first.length !== 1) return undefined;
    for (; rest < cmds.length; rest++) {
      const a = cmds[rest].args[0];
      if (a.type !== 'identifier' || !VALUE_KEEPING.has(a.ident)) return undefined;
    }
    const n = first?.[0];
    let root: Value;
    let idents: string[];
    if (n?.type === 'field') {
      root = dot;
      idents = n.ident;
    } else if (n?.type === 'variable' && n.ident[0] === '$') {
      root = s.vars[0].value;
      idents = n.ident.slice(1);
    } else return undefined;
    if (idents[0] !== 'Values' || idents.length < 2 || !(root instanceof Map)) return undefined;
    const values = root.get('Values');
    if (!(values instanceof Map)) return undefined;
    // Only when the value is really there (else `default` printed its fallback).
    let cur: Value = values;
    for (const k of idents.slice(1)) {
      if (!(cur instanceof Map) || !cur.has(k)) return undefined;
      cur = cur.get(k);
    }
    if (cur === null || cur === undefined || cur === '') return undefined;
    return { values, path: idents.slice(1) };
  }

  private printValue(s: State, v: Value, span: SourceSpan | undefined, ref?: ValueRef): void {
    const site = s.site ?? span;
    if (v instanceof PStr) {
      s.out.value(v, span, site, 0, undefined, ref);
      return;
    }
    const text = v === undefined ? '<no value>' : typeof v === 'string' ? v : sprintValue(v);
    if (span && site) s.out.action(text, span, site, ref);
    else s.out.plain(text);
  }

  private walkIfOrWith(s: State, dot: Value, node: BranchNode): void {
    const mark = s.vars.length;
    s.curSpan = this.spanOf(s, node.span) ?? s.curSpan;
    const val = this.evalPipeline(s, dot, node.pipe);
    if (isTrue(val)) {
      this.walk(s, node.type === 'with' ? val : dot, node.list);
    } else if (node.elseList) {
      this.walk(s, dot, node.elseList);
    }
    s.vars.length = mark;
  }

  private walkRange(s: State, dot: Value, r: BranchNode): void {
    const mark = s.vars.length;
    s.curSpan = this.spanOf(s, r.span) ?? s.curSpan;
    let val = this.evalPipeline(s, dot, r.pipe);
    // A named map type (Helm's engine.files) ranges over its entries.
    if (val instanceof GoStruct && (val.native instanceof Map || Array.isArray(val.native))) val = val.native as Map<string, Value> | Value[];
    const bodyMark = s.vars.length;
    const decl = r.pipe.decl;
    const one = (index: Value, elem: Value): boolean => {
      if (decl.length > 0) {
        if (r.pipe.isAssign) this.setVar(s, decl[0].ident[0], decl.length > 1 ? index : elem, Executor.lastNode(r.pipe));
        else s.vars[s.vars.length - 1].value = elem;
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) this.setVar(s, decl[1].ident[0], elem, Executor.lastNode(r.pipe));
        else s.vars[s.vars.length - 2].value = index;
      }
      try {
        this.walk(s, elem, r.list);
      } catch (e) {
        if (e === BREAK) return false;
        if (e !== CONTINUE) throw e;
      } finally {
        s.vars.length = bodyMark;
      }
      return true;
    };
    let ran = false;
    if (Array.isArray(val) || val instanceof Uint8Array) {
      for (let i = 0; i < val.length; i++) {
        ran = true;
        const elem = val instanceof Uint8Array ? (BigInt(val[i]) as Value) : val[i];
        if (!one(BigInt(i), elem)) break;
      }
    } else if (val instanceof Map) {
      for (const k of sortedKeys(val)) {
        ran = true;
        if (!one(k, val.get(k))) break;
      }
    } else if (val === undefined || val === null) {
      // An invalid value is likely a nil map: not an error.
    } else {
      this.errorf(s, r.pipe.cmds[r.pipe.cmds.length - 1]?.args[0] ?? r.pipe, `range can't iterate over ${sprintValue(val)}`);
    }
    if (!ran && r.elseList) this.walk(s, dot, r.elseList);
    s.vars.length = mark;
  }

  private walkTemplate(s: State, dot: Value, t: TemplateNode): void {
    const span = this.spanOf(s, t.span);
    s.curSpan = span ?? s.curSpan;
    const tree = s.set.lookup(t.name);
    if (!tree) this.errorf(s, t, `template ${JSON.stringify(t.name)} not defined`);
    if (s.depth >= MAX_EXEC_DEPTH) this.errorf(s, t, `exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = t.pipe ? this.evalPipeline(s, dot, t.pipe) : undefined;
    const child = new State(s.set, tree, s.out, s.site ?? span, s.depth + 1, newDot);
    try {
      this.walk(child, newDot, tree.root);
    } catch (e) {
      // Go stops runaway {{template}} recursion at depth 100000; the JS stack ends earlier: same error, same node.
      if (e instanceof Error && !(e instanceof ExecError) && e.message.includes('Maximum call stack')) this.errorf(s, t, `exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
      throw e;
    }
  }

  // ---- variables ----

  /** Assigns `$name`; `at` is the node Go's state last moved to (its error names it). */
  private setVar(s: State, name: string, value: Value, at?: { pos: number; type: string }): void {
    for (let i = s.vars.length - 1; i >= 0; i--) {
      if (s.vars[i].name === name) {
        s.vars[i].value = value;
        return;
      }
    }
    this.errorf(s, at, `undefined variable: ${name}`);
  }

  /** The node Go's exec state is at after evaluating a pipeline: the last argument of its last command. */
  private static lastNode(pipe: PipeNode): ArgNode | undefined {
    const cmd = pipe.cmds[pipe.cmds.length - 1];
    return cmd?.args[cmd.args.length - 1];
  }

  private varValue(s: State, node: VariableNode, name: string): Value {
    for (let i = s.vars.length - 1; i >= 0; i--) if (s.vars[i].name === name) return s.vars[i].value;
    this.errorf(s, node, `undefined variable: ${name}`);
  }

  // ---- evaluation ----

  evalPipeline(s: State, dot: Value, pipe: PipeNode): Value {
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(s, dot, cmd, value);
      // An interface{} holding nil becomes an invalid value ("no value").
      if (value === null) value = undefined;
    }
    const v = value === MISSING ? undefined : value;
    if (typeof v === 'string' ? v.length > LIMITS.maxString : v instanceof PStr && v.s.length > LIMITS.maxString) {
      this.errorf(s, pipe, `a string of ${str(v as string | PStr).length} characters exceeds the renderer's limit of ${LIMITS.maxString}`);
    }
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(s, d.ident[0], v, Executor.lastNode(pipe));
      else s.vars.push({ name: d.ident[0], value: v });
    }
    return v;
  }

  private notAFunction(s: State, args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(s, args[0], `can't give argument to non-function ${argString(args[0])}`);
  }

  private evalCommand(s: State, dot: Value, cmd: CommandNode, final: Final): Value {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldChain(s, dot, dot, first, first.ident, cmd.args, final, false);
      case 'chain':
        return this.evalChainNode(s, dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(s, dot, first, cmd, cmd.args, final);
      case 'pipe':
        // Go checks before moving to the first word: an error names the command.
        if (cmd.args.length > 1 || final !== MISSING) this.errorf(s, cmd, `can't give argument to non-function ${argString(cmd.args[0])}`);
        return this.evalPipeline(s, dot, first);
      case 'variable':
        return this.evalVariableNode(s, dot, first, cmd.args, final);
    }
    this.notAFunction(s, cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.val;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf(s, first, 'nil is not a command');
      // eslint-disable-next-line no-fallthrough
      case 'number':
        return this.idealConstant(s, first);
      case 'string':
        return first.text;
    }
  }

  private idealConstant(s: State, n: NumberNode): Value {
    const t = n.text;
    if (n.isComplex && n.complex) return complexValue(n.complex[0], n.complex[1]);
    const isHexInt = t.length > 2 && t[0] === '0' && (t[1] === 'x' || t[1] === 'X') && !/[pP]/.test(t);
    if (n.isFloat && !isHexInt && t[0] !== "'" && /[.eEpP]/.test(t)) return n.float;
    if (n.isInt) return n.int;
    if (n.isUint) this.errorf(s, n, `${t} overflows int`);
    return undefined;
  }

  private evalChainNode(s: State, dot: Value, chain: ChainNode, args: ArgNode[], final: Final): Value {
    if (chain.node.type === 'nil') this.errorf(s, chain, `indirection through explicit nil in ${argString(chain)}`);
    // Go evaluates the chained operand with an untyped validateType: a parenthesized pipeline that yields no value
    // stays invalid (fields of it are then "no value"), it does not become a nil interface.
    const pipe = chain.node.type === 'pipe' ? this.evalPipeline(s, dot, chain.node) : this.evalArg(s, dot, 'any', chain.node, true);
    return this.evalFieldChain(s, dot, pipe, chain, chain.field, args, final, false);
  }

  private evalVariableNode(s: State, dot: Value, v: VariableNode, args: ArgNode[] | undefined, final: Final): Value {
    const value = this.varValue(s, v, v.ident[0]);
    if (v.ident.length === 1) {
      if (args) this.notAFunction(s, args, final);
      return value;
    }
    return this.evalFieldChain(s, dot, value, v, v.ident.slice(1), args ?? [v], final, false);
  }

  /** The callee's text of the `call` being made. */
  callee = '';

  /** Whether the last field chain ended in a map lookup (an interface{} value, as Go's messages name it). */
  private lastWrapped = false;

  private evalFieldChain(s: State, dot: Value, receiver: Value, node: ArgNode, idents: string[], args: ArgNode[], final: Final, wrapped: boolean): Value {
    const n = idents.length;
    for (let i = 0; i < n - 1; i++) {
      const r = this.evalField(s, dot, idents[i], node, [node], MISSING, receiver, wrapped);
      receiver = r.value;
      wrapped = r.wrapped;
    }
    const r = this.evalField(s, dot, idents[n - 1], node, args, final, receiver, wrapped);
    this.lastWrapped = r.wrapped;
    return r.value;
  }

  private evalField(s: State, dot: Value, name: string, node: ArgNode, args: ArgNode[], final: Final, receiver: Value, wrapped: boolean): { value: Value; wrapped: boolean } {
    if (receiver === undefined) return { value: undefined, wrapped: false };
    const typ = wrapped || receiver === null ? 'interface {}' : goTypeName(receiver);
    if (receiver === null) this.errorf(s, node, `nil pointer evaluating ${typ}.${name}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver instanceof GoStruct) {
      const m = receiver.methods[name];
      if (m) return { value: this.evalCall(s, dot, methodDef(m), node, name, args, final), wrapped: false };
      if (receiver.fields.has(name)) {
        if (hasArgs) this.errorf(s, node, `${name} has arguments but cannot be invoked as function`);
        return { value: receiver.fields.get(name), wrapped: false };
      }
      if (receiver.native instanceof Map) {
        // A named map type with methods (Helm's engine.files): other fields are map keys; a missing one is the zero
        // value of its element type (an empty []byte).
        if (hasArgs) this.errorf(s, node, `${name} is not a method but has arguments`);
        const v = (receiver.native as Map<string, Value>).get(name);
        return { value: v === undefined ? new Uint8Array(0) : v, wrapped: false };
      }
    } else if (receiver instanceof Map) {
      if (hasArgs) this.errorf(s, node, `${name} is not a method but has arguments`);
      const v = receiver.get(name);
      return { value: v === undefined ? null : v, wrapped: true };
    }
    this.errorf(s, node, `can't evaluate field ${name} in type ${typ}`);
  }

  private evalFunction(s: State, dot: Value, node: IdentifierNode, cmd: CommandNode | IdentifierNode, args: ArgNode[] | undefined, final: Final): Value {
    const fn = this.funcs.get(node.ident);
    if (!fn) this.errorf(s, node, `${JSON.stringify(node.ident)} is not a defined function`);
    return this.evalCall(s, dot, fn, cmd, node.ident, args ?? [node], final);
  }

  /** Calls `fn`; `args[0]` is the function's own node (not an argument). */
  private evalCall(s: State, dot: Value, fn: FuncDef, node: CommandNode | ArgNode, name: string, args: ArgNode[], final: Final): Value {
    const argNodes = args.slice(1);
    const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    const numFixed = fn.params.length;
    if (fn.variadic !== undefined) {
      if (numIn < numFixed) this.errorf(s, node, `wrong number of args for ${name}: want at least ${numFixed} got ${numIn}`);
    } else if (numIn !== numFixed) {
      this.errorf(s, node, `wrong number of args for ${name}: want ${numFixed} got ${numIn}`);
    }
    if (fn.lazy) {
      // and/or short-circuit.
      let v: Value = undefined;
      for (const a of argNodes) {
        v = this.evalArg(s, dot, 'any', a, true);
        if (isTrue(v) === (fn.lazy === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    const argv: Value[] = [];
    const keep = fn.keepProvenance === true;
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) argv.push(this.evalArg(s, dot, fn.params[i], argNodes[i], keep));
    if (fn.variadic !== undefined) for (; i < argNodes.length; i++) argv.push(this.evalArg(s, dot, fn.variadic, argNodes[i], keep));
    if (final !== MISSING) {
      const t = numIn - 1 < numFixed ? fn.params[numIn - 1] : fn.variadic!;
      const v = this.validateType(s, final, t, argNodes[argNodes.length - 1] ?? args[0] ?? node);
      argv.push(keep ? v : plain(v));
    }
    try {
      // Go passes call the text of its callee's node, for its error messages.
      if (name === 'call' && fn === this.funcs.get('call') && argNodes.length > 0) this.callee = argString(argNodes[0]);
      return fn.fn(argv, { exec: this, state: s });
    } catch (e) {
      if (e === BREAK || e === CONTINUE || e instanceof RangeError) throw e;
      if (e instanceof RecursionLimit) {
        if (this.includeDepth > 0) throw e;
        this.errorf(s, node, `error calling ${name}: rendering template has a nested reference name: ${e.name}: unable to execute template`);
      }
      const inner = e instanceof ExecError ? e.span : undefined;
      const msg = e instanceof Error ? e.message : String(e);
      this.errorf(s, node, `error calling ${name}: ${msg}`, inner);
    }
  }

  private evalArg(s: State, dot: Value, typ: ParamType, n: ArgNode, keep: boolean): Value {
    let v: Value;
    switch (n.type) {
      case 'dot':
        v = this.validateType(s, dot, typ, n);
        break;
      case 'nil':
        if (typ === 'any' || typ === 'map' || typ === 'list' || typ === 'strings' || typ === 'bytes') return zeroOf(typ);
        this.errorf(s, n, `cannot assign nil to ${PARAM_GO_TYPE[typ]}`);
      // eslint-disable-next-line no-fallthrough
      case 'field':
        this.lastWrapped = false;
        v = this.validateType(s, this.evalFieldChain(s, dot, dot, n, n.ident, [n], MISSING, false), typ, n, this.lastWrapped);
        break;
      case 'variable':
        this.lastWrapped = false;
        v = this.validateType(s, this.evalVariableNode(s, dot, n, undefined, MISSING), typ, n, n.ident.length > 1 && this.lastWrapped);
        break;
      case 'pipe':
        v = this.validateType(s, this.evalPipeline(s, dot, n), typ, n);
        break;
      case 'identifier':
        v = this.validateType(s, this.evalFunction(s, dot, n, n, undefined, MISSING), typ, n);
        break;
      case 'chain':
        this.lastWrapped = false;
        v = this.validateType(s, this.evalChainNode(s, dot, n, [n], MISSING), typ, n, this.lastWrapped);
        break;
      default:
        v = this.evalLiteral(s, typ, n);
    }
    return keep ? v : plain(v);
  }

  private evalLiteral(s: State, typ: ParamType, n: ArgNode): Value {
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return n.val;
        this.errorf(s, n, `expected bool; found ${argString(n)}`);
      // eslint-disable-next-line no-fallthrough
      case 'float64':
        if (n.type === 'number' && n.isFloat) return n.float;
        this.errorf(s, n, `expected float; found ${argString(n)}`);
      // eslint-disable-next-line no-fallthrough
      case 'int':
      case 'int64':
        if (n.type === 'number' && n.isInt) return typ === 'int' ? n.int : new Int64(n.int);
        this.errorf(s, n, `expected integer; found ${argString(n)}`);
      // eslint-disable-next-line no-fallthrough
      case 'string':
        if (n.type === 'string') return n.text;
        this.errorf(s, n, `expected string; found ${argString(n)}`);
      // eslint-disable-next-line no-fallthrough
      case 'any':
        switch (n.type) {
          case 'bool':
            return n.val;
          case 'number':
            return this.idealConstant(s, n);
          case 'string':
            return n.text;
        }
    }
    this.errorf(s, n, `can't handle ${argString(n)} for arg of type ${PARAM_GO_TYPE[typ]}`);
  }

  /** Go's validateType: checks assignability of an evaluated value to a parameter type. */
  private validateType(s: State, v: Value, typ: ParamType, node: { pos: number; type: string }, wrapped = false): Value {
    if (v === undefined) {
      if (typ === 'any' || typ === 'map' || typ === 'list' || typ === 'strings' || typ === 'bytes') return zeroOf(typ);
      this.errorf(s, node, `invalid value; expected ${PARAM_GO_TYPE[typ]}`);
    }
    if (typ === 'any') return v;
    let ok: boolean;
    switch (typ) {
      case 'string':
        ok = typeof v === 'string' || v instanceof PStr;
        break;
      case 'int':
        ok = typeof v === 'bigint';
        break;
      case 'int64':
        ok = v instanceof Int64;
        break;
      case 'float64':
        ok = typeof v === 'number';
        break;
      case 'bool':
        ok = typeof v === 'boolean';
        break;
      case 'map':
        ok = v instanceof Map;
        break;
      case 'list':
        ok = Array.isArray(v) && !(v as { elemType?: string }).elemType;
        break;
      case 'strings':
        ok = Array.isArray(v) && (v as { elemType?: string }).elemType === 'string';
        break;
      case 'bytes':
        ok = v instanceof Uint8Array;
        break;
    }
    if (!ok) {
      const got = v === null || wrapped ? 'interface {}' : goTypeName(v);
      this.errorf(s, node, `wrong type for value; expected ${PARAM_GO_TYPE[typ]}; got ${got}`);
    }
    return v;
  }
}

function zeroOf(typ: ParamType): Value {
  switch (typ) {
    case 'map':
      return new Map();
    case 'list':
      return [];
    case 'strings':
      return Object.assign([], { elemType: 'string' });
    case 'bytes':
      return new Uint8Array(0);
    default:
      return null;
  }
}

const methodDefs = new WeakMap<GoMethod, FuncDef>();
function methodDef(m: GoMethod): FuncDef {
  let d = methodDefs.get(m);
  if (!d) {
    d = { params: m.params, variadic: m.variadic, fn: (args) => m.fn(...args) };
    methodDefs.set(m, d);
  }
  return d;
}

function nodeContext(n: Node | ArgNode | CommandNode | PipeNode): string {
  switch (n.type) {
    case 'command':
      return commandString(n);
    case 'pipe':
      return pipeString(n);
    case 'field':
    case 'variable':
    case 'chain':
    case 'identifier':
    case 'dot':
    case 'nil':
    case 'bool':
    case 'string':
    case 'number':
      return argString(n);
    default:
      return nodeString(n as Node);
  }
}

export { MISSING };
export type { FieldNode };
