// The LRU cache every server cache uses: bounds by count and by size, recency on get, eviction callbacks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lru } from '../../server/src/util/lru';

test('evicts the least recently used entry when over the count', () => {
  const evicted: string[] = [];
  const c = new Lru<string, number>({ maxEntries: 3, onEvict: (k) => evicted.push(k) });
  c.set('a', 1).set('b', 2).set('c', 3);
  assert.equal(c.get('a'), 1); // a is now the most recent
  c.set('d', 4);
  assert.deepEqual(evicted, ['b']);
  assert.deepEqual(c.keys(), ['c', 'a', 'd']);
  assert.equal(c.peek('c'), 3);
  c.set('e', 5); // peek did not refresh c
  assert.deepEqual(evicted, ['b', 'c']);
  assert.equal(c.size, 3);
});

test('bounds the total size, and never keeps an entry bigger than the bound', () => {
  const c = new Lru<string, string>({ maxEntries: 100, maxSize: 10, sizeOf: (v) => v.length });
  c.set('a', 'xxxx').set('b', 'xxxx');
  assert.equal(c.totalSize, 8);
  c.set('c', 'xxxx');
  assert.deepEqual(c.keys(), ['b', 'c']);
  assert.equal(c.totalSize, 8);
  c.set('huge', 'x'.repeat(11));
  assert.equal(c.has('huge'), false);
  assert.deepEqual(c.keys(), ['b', 'c']);
  c.set('b', 'x'); // replacing an entry replaces its size
  assert.equal(c.totalSize, 5);
  assert.equal(c.delete('b'), true);
  assert.equal(c.delete('b'), false);
  assert.equal(c.totalSize, 4);
  c.clear();
  assert.equal(c.totalSize, 0);
  assert.equal(c.size, 0);
});

test('stays within its bounds under random use', () => {
  let seed = 17;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const c = new Lru<number, string>({ maxEntries: 50, maxSize: 400, sizeOf: (v) => v.length });
  const model: number[] = []; // keys, least recent first
  for (let i = 0; i < 20000; i++) {
    const k = rand(200);
    if (rand(3) === 0) {
      const had = c.has(k);
      assert.equal(c.get(k) !== undefined, had);
      if (had) model.splice(model.indexOf(k), 1), model.push(k);
    } else {
      c.set(k, 'x'.repeat(1 + rand(30)));
      if (model.includes(k)) model.splice(model.indexOf(k), 1);
      model.push(k);
      model.splice(0, model.length - c.size); // what the cache evicted came first
    }
    assert.ok(c.size <= 50 && c.totalSize <= 400, `size ${c.size}, total ${c.totalSize}`);
    assert.equal(c.totalSize, c.values().reduce((n, v) => n + v.length, 0));
  }
  assert.deepEqual(c.keys(), model);
});

test('deleteWhere and getOrSet; a rejected promise is not kept', async () => {
  const c = new Lru<string, number>({ maxEntries: 10 });
  for (const k of ['a1', 'a2', 'b1']) c.set(k, 0);
  assert.equal(c.deleteWhere((k) => k.startsWith('a')), 2);
  assert.deepEqual(c.keys(), ['b1']);
  let made = 0;
  assert.equal(c.getOrSet('x', () => ++made), 1);
  assert.equal(c.getOrSet('x', () => ++made), 1);
  const p = new Lru<string, Promise<number>>({ maxEntries: 10 });
  const failed = p.getOrSet('k', () => Promise.reject(new Error('no')));
  await assert.rejects(failed);
  await new Promise((r) => setImmediate(r));
  assert.equal(p.has('k'), false);
  assert.throws(() => new Lru({ maxEntries: 0 }), RangeError);
});
