// Parsed-template cache and template sets (Go's shared template namespace).

import type { Tree } from './ast';
import type { TemplateSet } from './exec';
import { parse, ParseError } from './parser';
import { Lru } from '../util/lru';

/** By text, then by name and path: the texts are usually the very string objects of the last render (cheap lookups).
 *  Bounded by characters too: every keystroke in a template makes a new text. */
const cache = new Lru<string, Map<string, Map<string, Tree> | ParseError>>({ maxEntries: 2000, maxSize: 4_000_000, sizeOf: (byName, text) => text.length * Math.max(1, byName.size) });

/** Parses with a cache keyed by text, name and path (templates are re-rendered on every keystroke). Throws ParseError. */
export function parseCached(name: string, text: string, path: string | undefined, hasFunction: (n: string) => boolean): Map<string, Tree> {
  const key = `${name}\0${path ?? ''}`;
  const byName = cache.getOrSet(text, () => new Map());
  let r = byName.get(key);
  if (!r) {
    try {
      r = parse(name, text, path, hasFunction);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      r = e;
    }
    // The same text under many names (a chart copied 200 times in a monorepo) stays one entry of bounded width.
    if (byName.size >= 64) byName.clear();
    byName.set(key, r);
    cache.set(text, byName); // counts the new tree
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
