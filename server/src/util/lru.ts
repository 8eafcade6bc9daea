// The one cache shape of the server: least recently used entries go first, bounded by a count and by a size.
// A language server runs for hours and renders on every keystroke; a cache without a bound is a leak.

export interface LruOptions<K, V> {
  /** At most this many entries. */
  maxEntries: number;
  /** At most this total size, as `sizeOf` measures it (for text-keyed caches: characters). */
  maxSize?: number;
  /** Size of one entry; defaults to 1. An entry bigger than maxSize on its own is not kept. */
  sizeOf?: (value: V, key: K) => number;
  /** Called when an entry leaves the cache for room (not on delete or clear). */
  onEvict?: (key: K, value: V) => void;
}

export class Lru<K, V> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly map = new Map<K, { value: V; size: number }>();
  private total = 0;
  private readonly maxEntries: number;
  private readonly maxSize: number;

  constructor(private readonly options: LruOptions<K, V>) {
    if (!(options.maxEntries >= 1)) throw new RangeError(`an LRU cache needs maxEntries >= 1, got ${options.maxEntries}`);
    this.maxEntries = options.maxEntries;
    this.maxSize = options.maxSize ?? Infinity;
  }

  get size(): number {
    return this.map.size;
  }

  /** The sum of the entries' sizes. */
  get totalSize(): number {
    return this.total;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The value, marked as just used. */
  get(key: K): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  /** The value, without marking it used. */
  peek(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  set(key: K, value: V): this {
    const size = this.options.sizeOf ? Math.max(0, this.options.sizeOf(value, key)) : 1;
    this.delete(key);
    if (size > this.maxSize) return this;
    this.map.set(key, { value, size });
    this.total += size;
    while (this.map.size > this.maxEntries || this.total > this.maxSize) {
      const [k, e] = this.map.entries().next().value as [K, { value: V; size: number }];
      this.map.delete(k);
      this.total -= e.size;
      this.options.onEvict?.(k, e.value);
    }
    return this;
  }

  delete(key: K): boolean {
    const e = this.map.get(key);
    if (!e) return false;
    this.map.delete(key);
    this.total -= e.size;
    return true;
  }

  /** Deletes the entries `predicate` picks; returns how many. */
  deleteWhere(predicate: (key: K, value: V) => boolean): number {
    let n = 0;
    for (const [k, e] of [...this.map]) if (predicate(k, e.value) && this.delete(k)) n++;
    return n;
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  keys(): K[] {
    return [...this.map.keys()];
  }

  values(): V[] {
    return [...this.map.values()].map((e) => e.value);
  }

  /** Memoizes `make` under `key` (a rejected promise is not kept, so the next call tries again). */
  getOrSet(key: K, make: () => V): V {
    if (this.map.has(key)) return this.get(key) as V;
    const v = make();
    this.set(key, v);
    if (v instanceof Promise) v.catch(() => this.peek(key) === v && this.delete(key));
    return v;
  }
}
