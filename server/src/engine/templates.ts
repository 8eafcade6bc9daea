// Parsed-template cache and template sets (Go's shared template namespace).

import type { Tree } from './ast';
import type { TemplateSet } from './exec';
import { parse, ParseError } from './parser';

const MAX_CACHE = 2000;
/** By text, then by name and path: the texts are usually the very string objects of the last render (cheap lookups). */
const cache = new Map<string, Map<string, Map<string, Tree> | ParseError>>();
let cached = 0;
let nextFuncSetId = 0;

const funcSetIds = new WeakMap<ReadonlyMap<string, unknown>, number>();

/** Parses with a cache keyed by text, name, path and function set (a function unknown to the set is a parse
 *  error; templates are re-rendered on every keystroke). Throws ParseError. */
export function parseCached(name: string, text: string, path: string | undefined, funcs: ReadonlyMap<string, unknown>): Map<string, Tree> {
  let id = funcSetIds.get(funcs);
  if (id === undefined) funcSetIds.set(funcs, (id = funcSetIds.get(funcs) ?? nextFuncSetId++));
  const key = `${name}\0${path ?? ''}\0${id}`;
  const hasFunction = (n: string): boolean => funcs.has(n);
  let byName = cache.get(text);
  let r = byName?.get(key);
  if (!r) {
    try {
      r = parse(name, text, path, hasFunction);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      r = e;
    }
    if (cached >= MAX_CACHE) {
      cache.clear();
      cached = 0;
      byName = undefined;
    }
    if (!byName) cache.set(text, (byName = new Map()));
    byName.set(key, r);
    cached++;
  }
  if (r instanceof ParseError) throw r;
  return r;
}

/**
 * A set of named templates. Adding trees follows text/template's AddParseTree: a later non-empty definition replaces
 * an earlier one, an empty one never replaces a non-empty one. A child set (tpl) sees its parent's templates.
 */
export class TreeSet implements TemplateSet {
  private trees = new Map<string, Tree>();
  constructor(
    readonly rootName: string,
    private parent?: TemplateSet,
  ) {}

  add(trees: Map<string, Tree>): void {
    for (const [name, t] of trees) {
      const old = this.trees.get(name) ?? this.parent?.lookup(name);
      if (old && isEmpty(t) && !isEmpty(old)) continue;
      this.trees.set(name, t);
    }
  }

  lookup(name: string): Tree | undefined {
    return this.trees.get(name) ?? this.parent?.lookup(name);
  }

  names(): string[] {
    return [...this.trees.keys()];
  }
}

function isEmpty(t: Tree): boolean {
  return t.root.nodes.every((n) => n.type === 'text' && n.text.trim() === '');
}
