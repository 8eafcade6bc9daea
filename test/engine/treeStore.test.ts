// Parsed templates kept outside the process (setTreeStore): what is read back is the parse itself, and a render from
// stored trees is the render from parsed ones.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeTrees, encodeTrees, helmFuncMap, parse, setTreeStore, TemplateGroup, type TemplateFile, type TreeStore } from '../../server/src/engine';
import { REPO_ROOT } from '../helpers/charts';

function templateFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) templateFiles(p, out);
    else if (/\/templates\/.*\.(ya?ml|tpl|txt)$/.test(p)) out.push(p);
  }
  return out;
}

const FILES = [...templateFiles(path.join(REPO_ROOT, 'test', 'fixtures', 'charts')), ...templateFiles(path.join(REPO_ROOT, 'samples'))];
const funcs = helmFuncMap(4);
const has = (n: string) => funcs.has(n);

/** The trees without properties set to undefined (`elseList: undefined`), which JSON does not keep and no reader of a
 *  tree tells from absent ones; Tree.path stays (decodeTrees sets it). */
function withoutUndefined<T>(x: T, key = ''): T {
  if (x instanceof Map) return new Map([...x].map(([k, v]) => [k, withoutUndefined(v)])) as T;
  if (Array.isArray(x)) return x.map((v) => withoutUndefined(v)) as T;
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (v !== undefined || (k === 'path' && key === '')) out[k] = withoutUndefined(v, k);
    return out as T;
  }
  return x;
}

/** An in-memory store by file name only, counting what it serves: texts that differ only in a trailing comment of the
 *  same length parse to the same trees, so they reach the store with texts the process has not parsed yet. */
function nameStore(): TreeStore & { entries: Map<string, string>; hits: number } {
  const entries = new Map<string, string>();
  const store = {
    active: true,
    entries,
    hits: 0,
    get: (n: string) => {
      const v = entries.get(n);
      if (v !== undefined) store.hits++;
      return v;
    },
    put: (n: string, _p: string, _f: string, _t: string, e: string) => void entries.set(n, e),
  };
  return store;
}

describe('stored template trees', () => {
  after(() => setTreeStore(undefined));

  it('decode(encode(parse)) is the parse, for every fixture template', () => {
    assert.ok(FILES.length > 50, `only ${FILES.length} fixture templates`);
    let checked = 0;
    for (const file of FILES) {
      const text = readFileSync(file, 'utf8');
      let trees;
      try {
        trees = parse('t', text, 'templates/t.yaml', has);
      } catch {
        continue; // a fixture of a parse error
      }
      assert.deepStrictEqual(decodeTrees(encodeTrees(trees), text, 'templates/t.yaml'), withoutUndefined(trees), file);
      checked++;
    }
    assert.ok(checked > 50);
  });

  it('numbers JSON has no literal for: int64 bounds, huge and negative zero floats, complex', () => {
    const text = '{{ 9223372036854775807 }}{{ -9223372036854775808 }}{{ 0x7f }}{{ 1e400 }}{{ -0.0 }}{{ 1.5 }}{{ 1+2i }}{{ "s" }}{{ nil }}';
    const trees = parse('n', text, undefined, has);
    assert.deepStrictEqual(decodeTrees(encodeTrees(trees), text, undefined), withoutUndefined(trees));
  });

  it('a render from stored trees equals the render from parsed ones; a corrupt entry is parsed again', () => {
    const sources = FILES.filter((f) => f.includes(`${path.sep}control-vars-define-block${path.sep}`) || f.includes(`${path.sep}basic-app${path.sep}`));
    assert.ok(sources.length > 3);
    const dot = new Map<string, unknown>([['Values', new Map()], ['Release', new Map([['Name', 'r'], ['Namespace', 'ns']])]]) as never;
    const renderAll = (suffix: string) => {
      const files: TemplateFile[] = sources.map((f) => ({ name: `c/${path.basename(f)}`, path: path.relative(REPO_ROOT, f), text: readFileSync(f, 'utf8') + `{{/* ${suffix} */}}` }));
      const g = new TemplateGroup(files, undefined, { helmMajor: 4 });
      return files.map((f) => g.render(f.name, dot).output);
    };
    setTreeStore(undefined);
    const expected = renderAll('d');
    const store = nameStore();
    setTreeStore(store);
    renderAll('b');
    assert.ok(store.entries.size > 0, 'trees were stored');
    assert.equal(store.hits, 0);
    assert.deepEqual(renderAll('e'), expected);
    assert.ok(store.hits > 0, 'trees were read back');
    for (const k of store.entries.keys()) store.entries.set(k, '[["x",');
    assert.deepEqual(renderAll('f'), expected);
    for (const v of store.entries.values()) assert.doesNotThrow(() => JSON.parse(v), 'stored anew');
  });
});

describe('parsed-template cache', () => {
  const text = '{{- define "x.name" -}}{{ .Values.name | upper | quote }}{{- end -}}\nname: {{ include "x.name" . }}\n';
  const file = (p: string): TemplateFile => ({ name: `x/${p}`, path: p, text });

  it('shares the trees of one text between function maps of the same names (a wrapped map, as the editor renders with)', () => {
    const wrapped = new Map([...funcs].map(([n, d]) => [n, { ...d, fn: d.fn }]));
    const a = new TemplateGroup([file('templates/cm.yaml')], funcs, { helmMajor: 4 });
    const b = new TemplateGroup([file('templates/cm.yaml')], wrapped, { helmMajor: 4 });
    assert.ok(a.set.lookup('x.name'));
    assert.equal(b.set.lookup('x.name'), a.set.lookup('x.name'));
    assert.equal(b.set.lookup('x/templates/cm.yaml'), a.set.lookup('x/templates/cm.yaml'));
  });

  it('parses apart for a map that lacks a function the text calls: there the text does not parse', () => {
    const without = new Map([...funcs].filter(([n]) => n !== 'upper'));
    const good = new TemplateGroup([file('templates/other.yaml')], funcs, { helmMajor: 4 });
    const bad = new TemplateGroup([file('templates/other.yaml')], without, { helmMajor: 4 });
    assert.equal(good.parseErrors.size, 0);
    assert.match(bad.parseErrors.get('x/templates/other.yaml')?.message ?? '', /function "upper" not defined/);
  });
});
