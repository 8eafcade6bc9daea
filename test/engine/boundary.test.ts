// The engine's boundary: server/src/engine imports only itself (and packages); everything else reaches the engine
// through server/src/engine/index.ts. The engine's own white-box unit tests (test/engine, test/unit/engine) are the
// one exception: they test internals such as the limits and bcrypt with a fixed salt.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/charts';

const ENGINE = path.join(REPO_ROOT, 'server', 'src', 'engine');
const ENGINE_INDEX = new Set([ENGINE, path.join(ENGINE, 'index')]);
const WHITE_BOX = [path.join(REPO_ROOT, 'test', 'engine'), path.join(REPO_ROOT, 'test', 'unit', 'engine')];

function sources(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = path.join(dir, n);
    if (n === 'node_modules' || n === 'fixtures') return [];
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|mts|mjs|js)$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

/** Module specifiers of static imports, re-exports, dynamic imports and requires. */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[2]);
  return out;
}

const UTIL = path.join(REPO_ROOT, 'server', 'src', 'util');

function within(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The violations of the boundary in one file, as `file: import 'x'` lines. */
function violations(file: string, text: string): string[] {
  const bad: string[] = [];
  const inEngine = within(file, ENGINE);
  for (const spec of specifiers(text)) {
    if (!spec.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), spec).replace(/\.(ts|js)$/, '');
    const rel = path.relative(REPO_ROOT, file);
    if (inEngine) {
      // server/src/util holds leaf utilities (no imports of their own) that every layer may use.
      if (!within(target, ENGINE) && !within(target, UTIL)) bad.push(`${rel}: the engine imports '${spec}' from outside server/src/engine`);
    } else if (within(target, ENGINE) && !ENGINE_INDEX.has(target) && !WHITE_BOX.some((d) => within(file, d))) {
      bad.push(`${rel}: imports engine internal '${spec}' (use server/src/engine/index.ts)`);
    }
  }
  return bad;
}

test('the engine imports nothing from outside itself, and others import only its index', () => {
  const roots = ['server/src', 'client/src', 'test', 'bench', 'scripts'].map((d) => path.join(REPO_ROOT, d));
  const files = roots.flatMap(sources);
  assert.ok(files.some((f) => within(f, ENGINE)) && files.length > 50, `scanned ${files.length} files`);
  const bad = files.flatMap((f) => violations(f, readFileSync(f, 'utf8')));
  assert.deepEqual(bad, []);
});

test('the boundary check sees each kind of import', () => {
  const inChart = path.join(REPO_ROOT, 'server', 'src', 'chart', 'x.ts');
  const inEngine = path.join(ENGINE, 'funcs', 'x.ts');
  assert.deepEqual(violations(inChart, "import { a } from '../engine';\nimport type { B } from '../engine/index';\n"), []);
  assert.equal(violations(inChart, "import { a } from '../engine/values';").length, 1);
  assert.equal(violations(inChart, "export { a } from '../engine/funcs/misc';").length, 1);
  assert.equal(violations(inChart, "const m = require('../engine/yaml');").length, 1);
  assert.equal(violations(inChart, "const m = await import('../engine/yaml.js');").length, 1);
  assert.deepEqual(violations(inEngine, "import { a } from '../values';\nimport * as Y from 'yaml';"), []);
  assert.equal(violations(inEngine, "import type { S } from '../../chart/types';").length, 1);
  assert.equal(violations(path.join(REPO_ROOT, 'test', 'engine', 'x.test.ts'), "import { L } from '../../server/src/engine/limits';").length, 0);
  assert.equal(violations(path.join(REPO_ROOT, 'test', 'lsp', 'x.test.ts'), "import { L } from '../../server/src/engine/limits';").length, 1);
});
