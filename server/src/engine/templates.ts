// Parsed-template cache and template sets (Go's shared template namespace).

import type { Tree } from './ast';
import type { TemplateSet } from './exec';
import { parse, ParseError } from './parser';

const MAX_CACHE = 2000;
const cache = new Map<string, Map<string, Tree> | ParseError>();

/** Parses with a cache keyed by name, path and text (templates are re-rendered on every keystroke). Throws ParseError. */
export function parseCached(name: string, text: string, path: string | undefined, hasFunction: (n: string) => boolean): Map<string, Tree> {
  const key = `${name}\0${path ?? ''}\0${text}`;
  let r = cache.get(key);
  if (!r) {
    try {
      r = parse(name, text, path, hasFunction);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      r = e;
    }
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(key, r);
  } else {
    // Refresh recency.
    cache.delete(key);
    cache.set(key, r);
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
