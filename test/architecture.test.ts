// The layering, checked on the import statements of the sources: the pure core does no I/O and knows no LSP, only
// the driver reads the rule registry and no module reads a rule file, and client and server meet only in protocol/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from './helpers/charts';

interface Import {
  from: string; // repository-relative source file
  to: string; // repository-relative module path without extension, or a package name
}

function sources(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(path.join(REPO_ROOT, rel)).isDirectory() ? sources(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|require\(\s*'([^']+)'\s*\)/g)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const to = spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\/index$/, '') : spec;
    out.push({ from: file, to });
  }
  return out;
}

const ALL = ['server/src', 'client/src', 'protocol/src'].flatMap(sources).flatMap(importsOf);
const under = (p: string, dir: string) => p === dir || p.startsWith(dir + '/');
const show = (xs: Import[]) => xs.map((x) => `${x.from} -> ${x.to}`);

describe('architecture', () => {
  it('finds the imports it checks', () => {
    assert.ok(ALL.length > 200, `only ${ALL.length} imports found`);
    assert.ok(ALL.some((x) => x.from === 'server/src/analysis/analyze.ts' && x.to === 'server/src/analysis/rules'));
  });

  it('only the driver reads the rule registry, and nothing reads a rule file', () => {
    const RULES = 'server/src/analysis/rules';
    const bad = ALL.filter((x) => under(x.to, RULES) && !under(x.from, RULES) && !(x.from === 'server/src/analysis/analyze.ts' && x.to === RULES));
    assert.deepEqual(show(bad), []);
    const between = ALL.filter((x) => under(x.from, RULES) && under(x.to, RULES) && !['index', 'support'].includes(path.posix.basename(x.to)));
    assert.deepEqual(show(between.filter((x) => !x.from.endsWith('/index.ts'))), []);
  });

  it('the core (analysis, chart, engine) does no I/O and knows neither LSP nor its front ends', () => {
    const core = ['server/src/analysis', 'server/src/chart', 'server/src/engine'];
    const forbidden = (to: string) =>
      /^(vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc)(\/|$)/.test(to) ||
      /^node:(fs|child_process|net|http|https|worker_threads)$/.test(to) ||
      ['server/src/lsp', 'server/src/cli', 'server/src/git', 'server/src/workspace', 'client/src'].some((d) => under(to, d));
    // node:net's isIP is a pure function the certificate generators use; it opens nothing.
    const bad = ALL.filter((x) => core.some((d) => under(x.from, d)) && forbidden(x.to) && !(x.to === 'node:net' && x.from.endsWith('engine/funcs/crypto.ts')));
    assert.deepEqual(show(bad), []);
  });

  it('the model and the fixes do not depend on rules, navigation or the plan', () => {
    const bad = ALL.filter(
      (x) =>
        (under(x.from, 'server/src/analysis/model') || under(x.from, 'server/src/analysis/fixes')) &&
        ['rules', 'navigation', 'plan', 'explain', 'analyze', 'contract'].some((m) => under(x.to, `server/src/analysis/${m}`)),
    );
    assert.deepEqual(show(bad), []);
  });

  it('server/src/util holds leaf utilities: they import nothing of the project', () => {
    const bad = ALL.filter((x) => under(x.from, 'server/src/util') && !under(x.to, 'server/src/util') && /^(server|client|protocol)\//.test(x.to));
    assert.deepEqual(show(bad), []);
  });

  it('client and server meet only in protocol/, which depends on neither', () => {
    const bad = ALL.filter(
      (x) =>
        (under(x.from, 'client/src') && under(x.to, 'server/src')) ||
        (under(x.from, 'server/src') && under(x.to, 'client/src')) ||
        (under(x.from, 'protocol/src') && (under(x.to, 'server/src') || under(x.to, 'client/src'))),
    );
    assert.deepEqual(show(bad), []);
  });

  it('only the LSP layer and the client speak protocol messages', () => {
    const bad = ALL.filter((x) => x.to === 'protocol/src' && !under(x.from, 'server/src/lsp') && !under(x.from, 'client/src'));
    assert.deepEqual(show(bad), []);
  });
});
