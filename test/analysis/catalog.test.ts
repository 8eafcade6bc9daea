// Every generated copy of a rule list equals what `npm run generate` writes from rule meta: the registry, the README
// table, the docs index and the package.json settings. A hand edit, or a rule added without `npm run generate`, fails.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { RULE_METAS } from '../../server/src/analysis/analyze';
import { withConfigSchemaRules, withDocsIndex, withReadmeRules, withRuleSettings } from '../../server/src/analysis/catalog';
import { REPO_ROOT } from '../helpers/charts';

const read = (p: string) => readFileSync(path.join(REPO_ROOT, p), 'utf8');
const RULES_DIR = 'server/src/analysis/rules';
const hint = 'run `npm run generate`';

describe('generated rule lists', () => {
  it('the registry lists every rule file of server/src/analysis/rules', async () => {
    const { registrySource } = await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'generate.mjs')).href);
    assert.equal(read(`${RULES_DIR}/index.ts`), registrySource(readdirSync(path.join(REPO_ROOT, RULES_DIR))), hint);
  });

  it('README.md, docs/rules/README.md, package.json and the config schema are up to date', () => {
    assert.equal(read('README.md'), withReadmeRules(read('README.md')), `README.md: ${hint}`);
    assert.equal(read('docs/rules/README.md'), withDocsIndex(read('docs/rules/README.md')), `docs/rules/README.md: ${hint}`);
    assert.equal(read('package.json'), withRuleSettings(read('package.json')), `package.json: ${hint}`);
    const schema = 'schemas/helm-hook-guard.schema.json';
    assert.equal(read(schema), withConfigSchemaRules(read(schema)), `${schema}: ${hint}`);
  });

  it('every rule has a docs page and every page a rule', () => {
    const pages = readdirSync(path.join(REPO_ROOT, 'docs', 'rules')).filter((f) => f !== 'README.md').map((f) => f.replace(/\.md$/, ''));
    assert.deepEqual(pages.sort(), RULE_METAS.map((m) => m.id).sort());
  });

  it('every rule has a test file named after its source file', () => {
    const sources = readdirSync(path.join(REPO_ROOT, RULES_DIR)).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'support.ts');
    const tests = new Set(readdirSync(path.join(REPO_ROOT, 'test', 'analysis', 'rules')));
    for (const s of sources) assert.ok(tests.has(s.replace(/\.ts$/, '.test.ts')), `test/analysis/rules/${s.replace(/\.ts$/, '.test.ts')} is missing`);
  });

  it('descriptions are one line, ids are unique and kebab-case', () => {
    assert.equal(new Set(RULE_METAS.map((m) => m.id)).size, RULE_METAS.length);
    for (const m of RULE_METAS) {
      assert.match(m.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(!m.description.includes('\n') && m.description.length <= 140, `${m.id}: ${m.description.length} characters`);
    }
  });
});
