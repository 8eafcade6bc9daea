// Public API of the template engine: Go text/template + Sprig + Helm functions, rendering with provenance.

import type { ProvenanceSegment, RenderError, SourceSpan } from './spans';
import { ExecError, Executor, FuncMap, ValueRef } from './exec';
import { helmFuncMap } from './funcs';
import { ParseError } from './parser';
import { PBuilder, PStr, preplaceAll } from './pstr';
import { TreeSet, parseCached } from './templates';
import { Value } from './values';

export { blankActions } from './blank';
export { helmFuncMap, templateFunctions } from './funcs';
export type { FunctionInfo } from './funcs';
export type { Nondeterminism } from './exec';
export type { ProvenanceSegment, RenderError, SourceSpan } from './spans';
export { parseYamlValues, parseYamlValuesCached, setValuesStore, toYaml, toJson, marshalYaml, marshalJson, YamlError } from './yaml';
export type { ValuesStore } from './yaml';
export { decodeTrees, encodeTrees, setTreeStore, type TreeStore } from './templates';
export { compareSemver, parseSemver, semverCompare } from './funcs/misc';
export { resetGenerators } from './funcs/crypto';
export { sprint, sprintf, formatFloat, goQuote } from './gofmt';
export { GoStruct, Int64 } from './values';
export type { Value, GoMap, GoMethod } from './values';
export { PStr } from './pstr';
export { goStringOf, goBytesOf } from './gostring';
export type { ValueRef } from './exec';
export { lex } from './lexer';
export { parse, ParseError } from './parser';
export type { Tree } from './ast';
import { blankActions } from './blank';

/** One template file to put into a set. */
export interface TemplateFile {
  /** Template name, e.g. `app/templates/cm.yaml`. */
  name: string;
  /** Path relative to the top chart root, used in provenance. */
  path: string;
  text: string;
}

/** Engine behaviour that differs between the Helm versions modelled. */
export interface EngineOptions {
  /** 3: Helm 3.17.3 (Go 1.23, semver 3.3); 4: Helm 4.1.4 (Go 1.25: range over integers; semver 3.4; mustToYaml,
   *  mustToJson). Default 3. */
  helmMajor?: 3 | 4;
}

export interface RenderResult {
  output: string;
  segments: ProvenanceSegment[];
  error?: RenderError;
}

/**
 * A set of templates sharing one namespace (Helm parses every file of a chart and its subcharts into one template).
 * Files are added in Helm's parse order, so that a later definition of a name wins exactly as in Helm.
 */
export class TemplateGroup {
  readonly set = new TreeSet('gotpl');
  readonly parseErrors = new Map<string, RenderError>();
  private files = new Map<string, TemplateFile>();
  private exec: Executor;

  readonly funcs: FuncMap;

  /** `funcs` defaults to the function map of `opts.helmMajor` (a caller may pass a wrapped one). */
  constructor(files: TemplateFile[], funcs?: FuncMap, opts: EngineOptions = {}) {
    const major = opts.helmMajor ?? 3;
    this.funcs = funcs = funcs ?? helmFuncMap(major);
    this.exec = new Executor(this.set, funcs, major === 4);
    for (const f of sortForParse(files)) {
      this.files.set(f.name, f);
      try {
        this.set.add(parseCached(f.name, f.text, f.path, funcs));
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        this.parseErrors.set(f.name, { phase: 'parse', message: helmParseMessage(e.message), span: { path: f.path, start: e.span.start, end: e.span.end } });
      }
    }
  }

  /** The parse error of a file that does not parse and whose text defines `name`, if any. */
  private brokenDefinition(name: string): RenderError | undefined {
    const esc = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`\\{\\{-?\\s*(?:define|block)\\s+(?:${esc(JSON.stringify(name))}|\`${esc(name)}\`)`);
    for (const [file, error] of this.parseErrors) if (re.test(this.files.get(file)?.text ?? '')) return error;
    return undefined;
  }

  /**
   * Renders the template of file `name` with `dot` (never throws). `resolveValue` maps where an action's value came
   * from in the values (ValueRef) to its source, for ProvenanceSegment.value.
   */
  render(name: string, dot: Value, resolveValue?: (ref: ValueRef) => SourceSpan | undefined): RenderResult {
    const file = this.files.get(name);
    const text = file?.text ?? '';
    const path = file?.path ?? name;
    const fail = (error: RenderError): RenderResult => {
      const output = blankActions(text);
      const span = { path, start: 0, end: output.length };
      return { output, segments: output.length ? [{ outStart: 0, outEnd: output.length, kind: 'text', span, site: span }] : [], error };
    };
    const pe = this.parseErrors.get(name);
    if (pe) return fail(pe);
    const tree = this.set.lookup(name);
    if (!tree) return fail({ message: `html/template: ${JSON.stringify(name)} is undefined`, span: { path, start: 0, end: 0 } });
    const out = new PBuilder();
    this.exec.begin();
    try {
      this.exec.execute(tree, dot, out);
    } catch (e) {
      if (e instanceof ExecError) {
        // Including a template whose file does not parse: Helm reports that file's parse error (it fails the chart).
        const missing = /no template "((?:[^"\\]|\\.)*)" associated with template/.exec(e.message);
        const cause = missing ? this.brokenDefinition(JSON.parse(`"${missing[1]}"`) as string) : undefined;
        if (cause) return fail(cause);
        const message = helmExecMessage(e.message);
        // fail/required: Helm names only the outer action (in this file), so the diagnostic goes there.
        const at = message !== e.message ? /^execution error at \(([^)]*):(\d+):(\d+)\)/.exec(message) : null;
        const outer = at && at[1] === name ? actionAt(text, Number(at[2]), Number(at[3]), path) : undefined;
        return fail({ phase: 'exec', message, span: outer ?? e.span ?? { path, start: 0, end: 0 } });
      }
      if (e instanceof RangeError) {
        // Stack exhaustion from runaway recursion.
        return fail({ phase: 'exec', message: `template: ${name}: ${e.message}`, span: { path, start: 0, end: 0 } });
      }
      throw e;
    }
    // Helm replaces "<no value>" (missing values) with nothing in the whole output.
    const built = preplaceAll(out.build(), '<no value>', '');
    return { output: typeof built === 'string' ? built : built.s, segments: toSegments(built, path, resolveValue) };
  }
}

/**
 * Helm's cleanupParseError: "parse error at (<file:line>): <the text after the last ': '>" for Go's
 * "template: <file:line>: <msg>".
 */
export function helmParseMessage(msg: string): string {
  const tokens = msg.split(': ');
  if (tokens.length === 1) return msg;
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

/**
 * Helm rewrites errors raised by `fail` and `required` (even when nested in include/tpl) to
 * "execution error at (<location of the outer action>): <message>"; other execution errors keep Go's text.
 */
function helmExecMessage(msg: string): string {
  const m = /^template: ([^:]+:\d+:\d+): /.exec(msg);
  if (!m) return msg;
  const re = /error calling (?:fail|required): /g;
  let last = -1;
  for (let r = re.exec(msg); r; r = re.exec(msg)) last = r.index + r[0].length;
  if (last < 0) return msg;
  return `execution error at (${m[1]}): ${msg.slice(last)}`;
}

/** The action `{{ ... }}` around Go's position line:col (1-based line, 0-based byte column) in `text`. */
function actionAt(text: string, line: number, col: number, path: string): SourceSpan | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const lineText = text.slice(start, (text.indexOf('\n', start) + 1 || text.length + 1) - 1);
  const at = start + Buffer.from(lineText, 'utf8').subarray(0, col).toString('utf8').length;
  const open = text.lastIndexOf('{{', at);
  const close = text.indexOf('}}', at);
  if (open < 0 || close < 0) return undefined;
  return { path, start: open, end: close + 2 };
}

/** Helm's sortTemplates order: deepest paths first, then reverse lexicographic; the last parsed definition wins. */
function sortForParse(files: TemplateFile[]): TemplateFile[] {
  const depths = new Map<string, number>();
  const depth = (s: string): number => {
    let d = depths.get(s);
    if (d === undefined) {
      d = 0;
      for (let i = s.indexOf('/'); i >= 0; i = s.indexOf('/', i + 1)) d++;
      depths.set(s, d);
    }
    return d;
  };
  return [...files].sort((a, b) => {
    const da = depth(a.name);
    const db = depth(b.name);
    if (da !== db) return db - da;
    return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
  });
}

/** Segments covering the whole output; any gap (never expected) maps to the file start. */
function toSegments(v: string | PStr, path: string, resolveValue?: (ref: ValueRef) => SourceSpan | undefined): ProvenanceSegment[] {
  const text = typeof v === 'string' ? v : v.s;
  const segs = typeof v === 'string' ? [] : v.segs;
  const out: ProvenanceSegment[] = [];
  let pos = 0;
  const gap = (end: number): void => {
    const span: SourceSpan = { path, start: 0, end: 0 };
    out.push({ outStart: pos, outEnd: end, kind: 'action', span, site: span });
  };
  for (const g of segs) {
    if (g.start > pos) gap(g.start);
    const value = g.value !== undefined && resolveValue ? resolveValue(g.value as ValueRef) : undefined;
    out.push({ outStart: g.start, outEnd: g.end, kind: g.kind, span: g.span, site: g.site, ...(value ? { value } : {}) });
    pos = g.end;
  }
  if (pos < text.length) gap(text.length);
  return out;
}

/** Renders a single template text (handy for tests and previews). Defines in `helpers` are visible. */
export function renderTemplate(text: string, dot: Value, opts: { name?: string; path?: string; helpers?: TemplateFile[] } & EngineOptions = {}): RenderResult {
  const name = opts.name ?? 'test.tpl';
  const group = new TemplateGroup([{ name, path: opts.path ?? name, text }, ...(opts.helpers ?? [])], undefined, { helmMajor: opts.helmMajor });
  return group.render(name, dot);
}
