import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goAtoi, hookExecutionLess, lessByKind, parseHook, stableSortBy } from '../../server/src/chart/hooks';
import { separators, splitDocuments } from '../../server/src/chart/manifests';

const ann = (o: Record<string, string>) => new Map(Object.entries(o));

describe('parseHook (manifest_sorter.go)', () => {
  it('is regular without the hook annotation, even with a typo in the key', () => {
    assert.equal(parseHook(undefined).kind, 'regular');
    assert.equal(parseHook(ann({ 'helm.sh/hooks': 'pre-install' })).kind, 'regular');
  });

  it('splits, trims and lowercases events; test-success is test', () => {
    const p = parseHook(ann({ 'helm.sh/hook': ' Pre-Install , pre-upgrade,test-success' }));
    assert.equal(p.kind, 'hook');
    assert.deepEqual(p.kind === 'hook' && p.hook.events, ['pre-install', 'pre-upgrade', 'test']);
  });

  it('drops the whole document for any unknown or empty event (trailing comma, crd-install)', () => {
    for (const v of ['pre-install,', 'pre-instal', 'crd-install', '', 'pre-install,,post-install']) {
      assert.equal(parseHook(ann({ 'helm.sh/hook': v })).kind, 'dropped', v);
    }
  });

  it('reads weights with strconv.Atoi: no spaces, no decimals', () => {
    const w = (v: string) => {
      const p = parseHook(ann({ 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': v }));
      return p.kind === 'hook' ? p.hook.weight : NaN;
    };
    assert.equal(w('-5'), -5);
    assert.equal(w('+3'), 3);
    assert.equal(w(' 5'), 0);
    assert.equal(w('1.5'), 0);
    assert.equal(w('high'), 0);
    assert.equal(goAtoi('007'), 7);
  });

  it('defaults the delete policy to before-hook-creation only when none is given', () => {
    const none = parseHook(ann({ 'helm.sh/hook': 'pre-install' }));
    assert.deepEqual(none.kind === 'hook' && none.hook.effectiveDeletePolicies, ['before-hook-creation']);
    const given = parseHook(ann({ 'helm.sh/hook': 'pre-install', 'helm.sh/hook-delete-policy': 'Hook-Succeeded, hook-failed' }));
    assert.deepEqual(given.kind === 'hook' && given.hook.effectiveDeletePolicies, ['hook-succeeded', 'hook-failed']);
  });
});

describe('ordering', () => {
  it('sorts kinds by InstallOrder, unknown kinds last and alphabetically, stable otherwise', () => {
    const kinds = ['Deployment', 'Zeta', 'ConfigMap', 'Alpha', 'Namespace', 'ConfigMap'];
    const sorted = stableSortBy(kinds.map((k, i) => ({ k, i })), (a, b) => lessByKind(a.k, b.k));
    assert.deepEqual(sorted.map((x) => x.k), ['Namespace', 'ConfigMap', 'ConfigMap', 'Deployment', 'Alpha', 'Zeta']);
    assert.deepEqual(sorted.filter((x) => x.k === 'ConfigMap').map((x) => x.i), [2, 5]);
  });

  it('runs hooks by weight, then name (hookByWeight)', () => {
    const hooks = [
      { weight: 0, name: 'b' },
      { weight: -1, name: 'z' },
      { weight: 0, name: 'a' },
    ];
    assert.deepEqual(stableSortBy(hooks, hookExecutionLess).map((h) => h.name), ['z', 'a', 'b']);
  });
});

describe('splitDocuments (releaseutil.SplitManifests)', () => {
  it('splits on --- lines and keeps offsets into the output', () => {
    const out = '\n---\nkind: A\n---\n\nkind: B\n  ---\n---   \n';
    const docs = splitDocuments(out);
    assert.deepEqual(docs.map((d) => d.text), ['kind: A', 'kind: B\n  ---']);
    for (const d of docs) assert.equal(out.slice(d.start, d.end), d.text);
  });

  it('treats ---- and a --- with trailing text as separators, like the Go regexp', () => {
    assert.deepEqual(splitDocuments('a: 1\n----\nb: 2').map((d) => d.text), ['a: 1', '-\nb: 2']);
    assert.deepEqual(splitDocuments('a: 1\n--- # c\nb: 2').map((d) => d.text), ['a: 1', '# c\nb: 2']);
  });

  it('returns nothing for blank output', () => {
    assert.deepEqual(splitDocuments('  \n\n'), []);
  });
});

describe('separators', () => {
  it('finds exactly the matches of the Go regexp (?:^|\\s*\\n)---\\s* on random text', () => {
    const regexp = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/g;
    const alphabet = ['-', '-', '-', '\n', ' ', '\t', 'a', ':', '\r'];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let run = 0; run < 3000; run++) {
      const text = Array.from({ length: rand(40) }, () => alphabet[rand(alphabet.length)]).join('');
      const expected = [...text.matchAll(regexp)].map((m) => [m.index!, m.index! + m[0].length]);
      assert.deepEqual(separators(text), expected, JSON.stringify(text));
    }
  });
});
