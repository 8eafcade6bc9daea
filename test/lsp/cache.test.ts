// The language server reads and writes the persistent baseline cache (server/src/git/baselineCache.ts), as the CLI
// does: a start at the same base commit renders only the working tree, and publishes what an earlier analysis of the
// same inputs found before its first render.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';
import { startServer } from '../helpers/lspClient';

const RULE = 'hook-deletes-referenced-resource';
const CM = 'basic-app/templates/configmap.yaml';
const h1 = (ds: Diagnostic[]) => ds.filter((d) => d.code === RULE);

function stored(cacheHome: string, prefix = 'b-'): string[] {
  const dir = path.join(cacheHome, 'helm-hook-guard');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.json')) : [];
}

/** Drops what starts publish before their first render, so a session shows the analysis of the baseline read. */
function dropPublished(cacheHome: string): void {
  for (const n of stored(cacheHome, 'e-')) rmSync(path.join(cacheHome, 'helm-hook-guard', n));
}

describe('helm-hook-guard-ls: persistent baseline cache', () => {
  let repo: TempRepo;
  let home: string;
  let uri: string;
  before(() => {
    repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    repo.commit('regular ConfigMap');
    repo.write(CM, withHook(repo.read(CM)));
    uri = 'file://' + repo.dir + '/' + CM;
    home = mkdtempSync(path.join(tmpdir(), 'hhg-ls-cache-'));
  });
  after(() => {
    repo.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  /** One server start: open the ConfigMap, wait for its diagnostics, stop. */
  async function session(env: NodeJS.ProcessEnv): Promise<Diagnostic[]> {
    const client = await startServer(repo.dir, { releaseName: 'basic-app' }, undefined, env);
    try {
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text: repo.read(CM) } });
      return await client.waitForDiagnostics(uri, (_, v) => v === 1);
    } finally {
      await client.stop();
    }
  }

  it('stores the baseline render, and a later start uses the stored one', async () => {
    const env = { XDG_CACHE_HOME: home };
    assert.equal(h1(await session(env)).length, 1);
    const [name] = stored(home);
    assert.ok(name, 'a baseline render is stored');
    // Doctored: the baseline without the ConfigMap. A start that reads it sees no regular ConfigMap turned into a hook.
    const file = path.join(home, 'helm-hook-guard', name);
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    const cm = entry.chart.templates.find((t: { path: string }) => t.path === 'templates/configmap.yaml');
    assert.ok(cm, 'the ConfigMap template is stored');
    cm.output = '';
    writeFileSync(file, JSON.stringify(entry));
    dropPublished(home);
    assert.equal(h1(await session(env)).length, 0);
    dropPublished(home);
    // A corrupt entry is ignored (and replaced by a fresh render).
    writeFileSync(file, '{"format": 1, "key": ');
    assert.equal(h1(await session(env)).length, 1);
    assert.deepEqual(stored(home), [name]);
  });

  it('a start publishes what an earlier analysis of the same inputs found, then its own analysis', async () => {
    const cacheHome = path.join(home, 'published');
    const env = { XDG_CACHE_HOME: cacheHome };
    assert.equal(h1(await session(env)).length, 1);
    const [name] = stored(cacheHome, 'e-');
    assert.ok(name, 'the published findings are stored');
    // Marked, so the test sees which publish came from the cache and which from the analysis.
    const file = path.join(cacheHome, 'helm-hook-guard', name);
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    const finding = entry.findings.find((f: { rule: string }) => f.rule === RULE);
    const real = finding.message;
    finding.message = 'from the cache';
    writeFileSync(file, JSON.stringify(entry));

    const seen = async (text: string): Promise<string[][]> => {
      const client = await startServer(repo.dir, { releaseName: 'basic-app' }, undefined, env);
      const messages: string[][] = [];
      client.onPublish((p) => p.uri === uri && messages.push(h1(p.diagnostics).map((d) => String(d.message).split('\n')[0])));
      try {
        client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
        await client.waitUntil(() => messages.length >= 1 && messages.at(-1)!.every((m) => m !== 'from the cache'), 'the analysis publish');
        await new Promise((r) => setTimeout(r, 300)); // nothing after the analysis
        return messages;
      } finally {
        await client.stop();
      }
    };
    // The same inputs: the stored findings first, then the analysis's, which are the real ones.
    const same = await seen(repo.read(CM));
    assert.deepEqual(same[0], ['from the cache']);
    assert.ok(same.slice(1).some((m) => m.length === 1 && m[0].startsWith(real.slice(0, 20))), JSON.stringify(same));
    // The analysis stored its own findings again: the mark is gone.
    assert.ok(!readFileSync(file, 'utf8').includes('from the cache'));
    writeFileSync(file, JSON.stringify(entry));
    // Another text in the buffer (the hook taken out again): never the stored findings of other inputs.
    const other = await seen(repo.read(CM).replace(/^\s+"helm\.sh\/hook": .*\n/m, ''));
    assert.ok(other.every((m) => !m.includes('from the cache')), JSON.stringify(other));
    assert.deepEqual(other.at(-1), []);
    // A corrupt entry is ignored.
    writeFileSync(file, '{"format": 1, "key": ');
    const corrupt = await seen(repo.read(CM));
    assert.ok(corrupt.every((m) => m.length === 1 && m[0] !== 'from the cache'), JSON.stringify(corrupt));
  });

  it('HELM_HOOK_GUARD_NO_CACHE: neither read nor written', async () => {
    const cacheHome = path.join(home, 'off');
    assert.equal(h1(await session({ XDG_CACHE_HOME: cacheHome, HELM_HOOK_GUARD_NO_CACHE: '1' })).length, 1);
    assert.deepEqual(stored(cacheHome), []);
  });
});
