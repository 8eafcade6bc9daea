// Incremental rendering for the editor: after an edit to templates, only those templates execute again, when that
// gives exactly what a whole render gives. Helm executes every template on its chart's shared `.` in one order, so a
// template can only change another's output by defining named templates, being included by its file name, mutating
// shared data (`set`, `unset`, `merge` on values or the dot) or taking generated keys in render order. Each of those
// sends the edit to a whole render; so does any change to values, Chart.yaml, .helmignore, .Files or the file list.
import { helmFuncMap, TemplateGroup } from '../engine';
import { renderChartState, renderOne, type Renderable, type RenderState, type TemplateFuncs } from './render';
import type { ChartFiles, RenderOptions, RenderedChart, RenderedTemplate } from './types';

type FuncMap = NonNullable<TemplateFuncs>;
type FuncDef = FuncMap extends ReadonlyMap<string, infer D> ? D : never;

/** What one template execution did that can reach other templates. */
interface Watch {
  /** Mutated an object it did not create (values, the dot, a map out of them, a cached fromYaml result). */
  sharedMutation: boolean;
  /** Took generated keys, which are handed out in render order. */
  generated: boolean;
  /** Names given to `include` (a template file can be included by its name). */
  included: Set<string>;
}

const MUTATORS = new Set(['set', 'unset', 'merge', 'mergeOverwrite', 'mustMerge', 'mustMergeOverwrite']);
/** Functions whose result is a new object nothing else holds. */
const CONSTRUCTORS = new Set(['dict', 'deepCopy', 'mustDeepCopy', 'pick', 'omit', 'fromYaml', 'fromJson', 'mustFromJson']);
const GENERATORS = /^gen[A-Z]/;

let current: Watch | undefined;
const fresh = new WeakSet<object>();
const watchedFuncs = new Map<3 | 4, FuncMap>();

/** Helm's functions (of Helm `major`), wrapped to report to the watch of the template being executed. */
function watched(major: 3 | 4): FuncMap {
  const known = watchedFuncs.get(major);
  if (known) return known;
  const out = new Map<string, FuncDef>();
  for (const [name, def] of helmFuncMap(major)) {
    let fn = def.fn;
    if (MUTATORS.has(name)) {
      fn = (args, ctx) => {
        const target = args[0];
        if (current && !(typeof target === 'object' && target !== null && fresh.has(target))) current.sharedMutation = true;
        return def.fn(args, ctx);
      };
    } else if (CONSTRUCTORS.has(name)) {
      fn = (args, ctx) => {
        const v = def.fn(args, ctx);
        if (typeof v === 'object' && v !== null) fresh.add(v);
        return v;
      };
    } else if (GENERATORS.test(name)) {
      fn = (args, ctx) => {
        if (current) current.generated = true;
        return def.fn(args, ctx);
      };
    } else if (name === 'include') {
      fn = (args, ctx) => {
        if (current && typeof args[0] === 'string') current.included.add(args[0]);
        return def.fn(args, ctx);
      };
    }
    out.set(name, fn === def.fn ? def : { ...def, fn });
  }
  watchedFuncs.set(major, out);
  return out;
}

function watch<T>(w: Watch, run: () => T): T {
  const outer = current;
  current = w;
  try {
    return run();
  } finally {
    current = outer;
  }
}

const newWatch = (): Watch => ({ sharedMutation: false, generated: false, included: new Set() });

// `define` or `block` anywhere in a file: it may change the set of named templates (comments count too: harmless).
const DEFINES = /\{\{-?\s*(?:define|block)\b/;
// Template file names as literal strings (`template "app/templates/x.yaml"`, in a file or in a value given to tpl).
const FILE_NAMES = /["`]([^"`\n]*\/templates\/[^"`\n]*)["`]/g;

function fileNamesIn(text: string): Set<string> {
  const out = new Set<string>();
  if (text.includes('/templates/')) for (const m of text.matchAll(FILE_NAMES)) out.add(m[1]);
  return out;
}

interface Last {
  files: ReadonlyMap<string, string>;
  binaries: ChartFiles['binaries'];
  options: string;
  state: RenderState;
  /** Executed templates by name, with the watch of their last execution. A file of a subchart used under two
   *  aliases is two templates of one path. */
  byName: Map<string, { r: Renderable; watch: Watch }>;
  namesOf: Map<string, string[]>;
  /** Whether any template mutated shared data in the render this state continues. */
  sharedMutation: boolean;
  /** Template file names each file mentions as a literal string, by file path. */
  mentions: Map<string, Set<string>>;
}

export class IncrementalRenderer {
  private last?: Last;
  /** Renders of each kind, for tests and the bench. */
  readonly counts = { full: 0, incremental: 0, unchanged: 0 };

  /** `locateValues: false`: no values positions in provenance (the CLI shows none), as renderChart's option. */
  constructor(private readonly hooks: { locateValues?: boolean } = {}) {}

  render(chart: ChartFiles, opts: RenderOptions): RenderedChart {
    const options = JSON.stringify(opts);
    const last = this.last;
    if (last && last.options === options && last.binaries === chart.binaries) {
      const step = this.incremental(last, chart);
      if (step) return step;
    }
    return this.full(chart, options);
  }

  private full(chart: ChartFiles, options: string): RenderedChart {
    this.counts.full++;
    const byName = new Map<string, { r: Renderable; watch: Watch }>();
    const namesOf = new Map<string, string[]>();
    let sharedMutation = false;
    const each = (r: Renderable, run: () => void) => {
      const w = newWatch();
      watch(w, run);
      byName.set(r.file.name, { r, watch: w });
      namesOf.set(r.file.path, [...(namesOf.get(r.file.path) ?? []), r.file.name]);
      sharedMutation ||= w.sharedMutation;
    };
    const parsedOptions = JSON.parse(options) as RenderOptions;
    const state = renderChartState(chart, parsedOptions, { funcs: watched(parsedOptions.helmMajor ?? 3), each, locateValues: this.hooks.locateValues });
    const mentions = new Map<string, Set<string>>();
    for (const [p, text] of chart.files) {
      const names = fileNamesIn(text);
      if (names.size) mentions.set(p, names);
    }
    this.last = { files: chart.files, binaries: chart.binaries, options, state, byName, namesOf, sharedMutation, mentions };
    return state.rendered;
  }

  /** The render after an edit to executed templates only, or undefined when a whole render is needed. */
  private incremental(last: Last, chart: ChartFiles): RenderedChart | undefined {
    if (last.sharedMutation || chart.files.size !== last.files.size) return undefined;
    const edited = new Map<string, string>();
    for (const [p, text] of chart.files) {
      const before = last.files.get(p);
      if (before === text) continue;
      if (before === undefined) return undefined; // another file list
      const names = last.namesOf.get(p);
      if (!names || names.some((n) => last.byName.get(n)!.watch.generated) || DEFINES.test(before) || DEFINES.test(text)) return undefined;
      edited.set(p, text);
    }
    if (edited.size === 0) {
      this.counts.unchanged++;
      last.files = chart.files;
      return last.state.rendered;
    }
    const mentions = new Map(last.mentions);
    for (const [p, text] of edited) {
      const names = fileNamesIn(text);
      if (names.size) mentions.set(p, names);
      else mentions.delete(p);
    }
    // What else to execute again: templates that include an edited one by its file name (checksum annotations do),
    // or name it in their text, and so on. A mention anywhere else (a helper, values for tpl) needs a whole render.
    const redo = new Set([...edited.keys()].flatMap((p) => last.namesOf.get(p)!));
    for (let grew = true; grew; ) {
      grew = false;
      for (const [n, e] of last.byName) {
        if (!redo.has(n) && [...e.watch.included].some((x) => redo.has(x))) redo.add(n), (grew = true);
      }
      for (const [p, ns] of mentions) {
        const names = last.namesOf.get(p);
        if ((names && names.every((n) => redo.has(n))) || ![...ns].some((x) => redo.has(x))) continue;
        if (!names) return undefined;
        for (const n of names) redo.add(n);
        grew = true;
      }
    }

    // The same files, the edited texts in place: unchanged files parse from the parse cache.
    const files = last.state.files.map((f) => (edited.has(f.path) ? { ...f, text: edited.get(f.path)! } : f));
    const major = (JSON.parse(last.options) as RenderOptions).helmMajor ?? 3;
    const group = new TemplateGroup(files, watched(major), { helmMajor: major });
    const outputs = new Map<string, RenderedTemplate>();
    const byName = new Map(last.byName);
    const executed = last.state.executed.map((r) => (edited.has(r.file.path) ? { ...r, file: { ...r.file, text: edited.get(r.file.path)! } } : r));
    // In Helm's execution order, so that shared state (.Template) is what a whole render would give each of them.
    for (const r of executed) {
      if (!redo.has(r.file.name)) continue;
      const w = newWatch();
      const out = watch(w, () => renderOne(group, r, last.state.resolveValue));
      // Executing it may already have changed shared data: the whole render starts from fresh values.
      if (w.sharedMutation || w.generated) return this.abandon();
      outputs.set(r.file.name, out);
      byName.set(r.file.name, { r, watch: w });
    }
    this.counts.incremental++;
    const rendered: RenderedChart = {
      ...last.state.rendered,
      templates: last.state.rendered.templates.map((t) => outputs.get(t.sourceName) ?? t),
    };
    this.last = { ...last, files: chart.files, state: { ...last.state, rendered, executed, files, group }, byName, mentions };
    return rendered;
  }

  private abandon(): undefined {
    this.last = undefined;
    return undefined;
  }
}
