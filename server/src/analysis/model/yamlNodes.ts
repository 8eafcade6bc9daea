// Small, typed helpers over the `yaml` package's node tree.
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

export type AnyNode = Node | null | undefined;

export function asMap(node: unknown): YAMLMap<unknown, unknown> | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: unknown): YAMLSeq<unknown> | undefined {
  return isSeq(node) ? node : undefined;
}

/** The pair of `key`; the last one when a key repeats, as go-yaml (and so Helm and kubectl) reads it. */
export function pairOf(map: unknown, key: string): Pair<unknown, unknown> | undefined {
  const m = asMap(map);
  if (!m) return undefined;
  let found: Pair<unknown, unknown> | undefined;
  for (const item of m.items) {
    if (isScalar(item.key) && String(item.key.value) === key) found = item;
  }
  return found;
}

export function child(node: unknown, ...path: string[]): unknown {
  let cur: unknown = node;
  for (const key of path) {
    const pair = pairOf(cur, key);
    if (!pair) return undefined;
    cur = pair.value;
  }
  return cur;
}

/** A scalar's string value, or undefined for anything that is not a string scalar. */
export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function scalar(node: unknown): Scalar | undefined {
  return isScalar(node) ? node : undefined;
}

/** True for `optional: true` next to a reference. */
export function isTrue(node: unknown): boolean {
  return isScalar(node) && node.value === true;
}

export function nodeRange(node: unknown): [number, number] | undefined {
  const r = (node as Node | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** The range of a scalar's content: inside the quotes of a quoted scalar. */
export function scalarContentRange(node: Scalar): [number, number] | undefined {
  const r = node.range;
  if (!r) return undefined;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  return quoted ? [r[0] + 1, r[1] - 1] : [r[0], r[1]];
}

/** A field of a document's root map by path: its value node and the output ranges of the whole pair and the value
 *  (offsets into the template output, `base` being the document's start). */
export function fieldOf(
  root: unknown,
  base: number,
  ...path: string[]
): { value: unknown; pair: { start: number; end: number }; key: { start: number; end: number }; valueRange: { start: number; end: number } } | undefined {
  const parent = path.length > 1 ? child(root, ...path.slice(0, -1)) : root;
  const pair = pairOf(parent, path[path.length - 1]);
  if (!pair) return undefined;
  const k = nodeRange(pair.key);
  const v = nodeRange(pair.value) ?? k;
  if (!k || !v) return undefined;
  return { value: pair.value, pair: { start: base + k[0], end: base + v[1] }, key: { start: base + k[0], end: base + k[1] }, valueRange: { start: base + v[0], end: base + v[1] } };
}
