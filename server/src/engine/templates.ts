// Parsed-template cache and template sets (Go's shared template namespace).

import type { Tree } from './ast';
import type { TemplateSet } from './exec';
import { parse, ParseError } from './parser';
import { Lru } from '../util/lru';

/** By text, then by name and path: the texts are usually the very string objects of the last render (cheap lookups).
 *  Bounded by characters too: every keystroke in a template makes a new text. */
const cache = new Lru<string, Map<string, Map<string, Tree> | ParseError>>({ maxEntries: 2000, maxSize: 4_000_000, sizeOf: (byName, text) => text.length * Math.max(1, byName.size) });

/** A parse depends on the names of the functions known, not on what they do: maps of the same names (Helm's, and the
 *  incremental renderer's wrappers of them) share one id, so a chart's working tree and baseline share their trees. */
const funcSetIds = new Map<string, number>();

/**
 * Parsed templates kept outside the process by the caller (the engine does no I/O), by everything a parse depends on:
 * the file's name, path and text and the function names known. A cold process parses a chart's templates slower than
 * it reads them back.
 */
export interface TreeStore {
  /** False when nothing would be read or written now (no chart open): a parse then costs no lookup. */
  readonly active: boolean;
  get(name: string, path: string, funcs: string, text: string): string | undefined;
  put(name: string, path: string, funcs: string, text: string, encoded: string): void;
}

let treeStore: TreeStore | undefined;

export function setTreeStore(store: TreeStore | undefined): void {
  treeStore = store;
}

const funcNames = new WeakMap<ReadonlyMap<string, unknown>, string>();

function funcSignature(funcs: ReadonlyMap<string, unknown>): string {
  let sig = funcNames.get(funcs);
  if (sig === undefined) funcNames.set(funcs, (sig = [...funcs.keys()].sort().join(',')));
  return sig;
}

/** The trees of one file as JSON: their text is the file's (given back at decoding), bigints and floats JSON has no
 *  number for as {"$b": "12"} and {"$n": "NaN" | "Infinity" | "-Infinity" | "-0"}. */
export function encodeTrees(trees: Map<string, Tree>): string {
  return JSON.stringify(
    [...trees].map(([n, t]) => [n, t.name, t.parseName, t.root]),
    (_, v) => (typeof v === 'bigint' ? { $b: v.toString() } : typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { $n: Object.is(v, -0) ? '-0' : String(v) } : v),
  );
}

function revive(x: unknown): unknown {
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) if (typeof x[i] === 'object' && x[i] !== null) x[i] = revive(x[i]);
    return x;
  }
  const o = x as Record<string, unknown>;
  if (typeof o.$b === 'string') return BigInt(o.$b);
  if (typeof o.$n === 'string') return o.$n === '-0' ? -0 : Number(o.$n);
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'object' && v !== null) o[k] = revive(v);
  }
  return o;
}

/** encodeTrees back, for the file's `text` and `path`; throws on anything else. */
export function decodeTrees(encoded: string, text: string, path: string | undefined): Map<string, Tree> {
  const rows = revive(JSON.parse(encoded)) as [string, string, string, Tree['root']][];
  const out = new Map<string, Tree>();
  for (const [n, name, parseName, root] of rows) {
    if (typeof n !== 'string' || typeof name !== 'string' || typeof parseName !== 'string' || root?.type !== 'list') throw new Error('not a stored tree');
    out.set(n, { name, parseName, path, text, root });
  }
  return out;
}

/** Smaller texts parse faster than they are looked up. */
const STORED_MIN = 512;

function parseStored(name: string, text: string, path: string | undefined, funcs: ReadonlyMap<string, unknown>): Map<string, Tree> {
  const hasFunction = (n: string): boolean => funcs.has(n);
  const store = text.length >= STORED_MIN && treeStore?.active ? treeStore : undefined;
  if (!store) return parse(name, text, path, hasFunction);
  const sig = funcSignature(funcs);
  const hit = store.get(name, path ?? '', sig, text);
  if (hit !== undefined) {
    try {
      return decodeTrees(hit, text, path);
    } catch {
      // a corrupt entry: parsed again, and stored anew
    }
  }
  const trees = parse(name, text, path, hasFunction);
  store.put(name, path ?? '', sig, text, encodeTrees(trees));
  return trees;
}

/** Parses with a cache keyed by text, name, path and function set (a function unknown to the set is a parse error:
 *  Helm 3 and Helm 4 differ). Throws ParseError. */
export function parseCached(name: string, text: string, path: string | undefined, funcs: ReadonlyMap<string, unknown>): Map<string, Tree> {
  const sig = funcSignature(funcs);
  let id = funcSetIds.get(sig);
  if (id === undefined) funcSetIds.set(sig, (id = funcSetIds.size));
  const key = `${name}\0${path ?? ''}\0${id}`;
  const byName = cache.getOrSet(text, () => new Map());
  let r = byName.get(key);
  if (!r) {
    try {
      r = parseStored(name, text, path, funcs);
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
