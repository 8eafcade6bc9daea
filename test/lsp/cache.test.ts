// The language server reads and writes the persistent baseline cache (server/src/git/baselineCache.ts), as the CLI
// does: a start at the same base commit renders only the working tree.
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

function stored(cacheHome: string): string[] {
  const dir = path.join(cacheHome, 'helm-hook-guard');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('b-') && n.endsWith('.json')) : [];
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
    assert.equal(h1(await session(env)).length, 0);
    // A corrupt entry is ignored (and replaced by a fresh render).
    writeFileSync(file, '{"format": 1, "key": ');
    assert.equal(h1(await session(env)).length, 1);
    assert.deepEqual(stored(home), [name]);
  });

  it('HELM_HOOK_GUARD_NO_CACHE: neither read nor written', async () => {
    const cacheHome = path.join(home, 'off');
    assert.equal(h1(await session({ XDG_CACHE_HOME: cacheHome, HELM_HOOK_GUARD_NO_CACHE: '1' })).length, 1);
    assert.deepEqual(stored(cacheHome), []);
  });
});
