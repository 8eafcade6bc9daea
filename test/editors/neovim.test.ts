// Neovim 0.7 (Debian's `neovim`) as a real LSP client of helm-hook-guard-ls: the diagnostic on an unsaved edit, the
// preferred quick fix through vim.lsp.buf.code_action(), and the diagnostic clearing. The Lua side is
// test/editors/neovim-init.lua; it records what it saw, this file asserts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { positionOf, REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo } from '../helpers/git';
import { isolatedEnv, requireEditor, run } from './editors';

const RULE = 'hook-deletes-referenced-resource';
const REL = 'basic-app/templates/configmap.yaml';

interface Diag {
  lnum: number;
  col: number;
  severity: number;
  message: string;
  source: string;
  code: string;
}
interface NvimResult {
  steps: string[];
  error?: string;
  original?: string;
  edited?: string;
  fixed?: string;
  modified?: boolean;
  diagnostics?: Diag[];
  after?: Diag[];
  actions?: { title: string; isPreferred: boolean }[];
  server_exit?: { code: number; signal: number };
  seen?: Diag[];
}

describe('Neovim (vim.lsp) with helm-hook-guard-ls', () => {
  it('shows the error on the hook line of an unsaved edit, and the preferred quick fix clears it', { timeout: 90_000 }, async (t) => {
    const nvim = requireEditor(t, 'nvim', 'apt-get install neovim');
    if (!nvim) return;
    const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    const scratch = mkdtempSync(path.join(tmpdir(), 'hhg-nvim-'));
    try {
      repo.commit('regular ConfigMap');
      const resultFile = path.join(scratch, 'result.json');
      const env = isolatedEnv(scratch, {
        HHG_NODE: process.execPath,
        HHG_SERVER: path.join(REPO_ROOT, 'bin', 'helm-hook-guard-ls'),
        HHG_ROOT: repo.dir,
        HHG_FILE: path.join(repo.dir, REL),
        HHG_RESULT: resultFile,
        HHG_TIMEOUT_MS: '20000',
      });
      const init = path.join(REPO_ROOT, 'test', 'editors', 'neovim-init.lua');
      const r = await run(nvim, ['--headless', '-n', '-i', 'NONE', '-u', init], { cwd: repo.dir, env, timeoutMs: 60_000 });
      const logs = () => {
        let lspLog = '';
        try {
          lspLog = readFileSync(path.join(env.XDG_CACHE_HOME!, 'nvim', 'lsp.log'), 'utf8').slice(-4000);
        } catch {
          // no log
        }
        return `\nnvim exit ${r.code}${r.timedOut ? ' (timed out)' : ''} after ${r.ms} ms\nstdout: ${r.stdout}\nstderr: ${r.stderr}\nlsp.log: ${lspLog}`;
      };
      let res: NvimResult;
      try {
        res = JSON.parse(readFileSync(resultFile, 'utf8')) as NvimResult;
      } catch {
        assert.fail('Neovim wrote no result' + logs());
      }
      assert.equal(res.error, undefined, `Neovim script failed after steps [${res.steps.join(', ')}]: ${res.error}\nlast diagnostics: ${JSON.stringify(res.seen)}` + logs());
      assert.equal(r.code, 0, 'nvim did not exit cleanly' + logs());

      // What was typed is exactly the shared scenario.
      const committed = repo.read(REL);
      assert.equal(res.original, committed.replace(/\n$/, ''));
      assert.equal(res.edited, withHook(committed).replace(/\n$/, ''));

      // One error, from us, with the rule id, on the "helm.sh/hook" line (other rules may add information).
      const all = res.diagnostics ?? [];
      const mine = all.filter((x) => x.code === RULE);
      assert.equal(mine.length, 1, JSON.stringify(all));
      assert.deepEqual(all.filter((x) => x.severity === 1).map((x) => x.code), [RULE]);
      const [d] = mine;
      const at = positionOf(res.edited!, '"helm.sh/hook":');
      assert.equal(d.lnum, at.line);
      assert.equal(d.col, at.character);
      assert.equal(d.severity, 1); // vim.diagnostic.severity.ERROR
      assert.equal(d.source, 'Helm Hook Guard');
      assert.equal(d.code, RULE);
      assert.match(d.message, /pre-upgrade hook recreates ConfigMap basic-app-config/);
      assert.match(d.message, /Helm deletes it because it left the release manifest/);

      // The rule's three fixes in order; the first is the one preferred action on the line, and it was applied.
      const actions = res.actions ?? [];
      const titles = actions.map((a) => a.title).filter((t) => /^(Keep it regular: remove|Give the hooks|Add helm\.sh\/resource-policy)/.test(t));
      assert.equal(titles.length, 3, JSON.stringify(actions));
      assert.match(titles[0], /^Keep it regular: remove the hook annotations$/);
      assert.match(titles[1], /^Give the hooks their own copy/);
      assert.match(titles[2], /^Add helm\.sh\/resource-policy: keep/);
      assert.deepEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), [titles[0]]);

      // Applied in the buffer (unsaved), back to the committed text, and the diagnostic is gone.
      assert.equal(res.fixed, committed.replace(/\n$/, ''));
      assert.equal(res.modified, true);
      assert.deepEqual(res.after, []);
      assert.equal(repo.read(REL), committed, 'the fix must not touch the file on disk');
    } finally {
      repo.dispose();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
