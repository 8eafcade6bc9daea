// Emacs 28 + eglot 1.9 (Debian's `emacs-nox elpa-eglot`) as a real LSP client of helm-hook-guard-ls: the hook is in
// the working tree on disk (HEAD has the regular ConfigMap), Flymake shows the error on the hook line, and the
// preferred action picked by `eglot-code-actions` clears it. The Lisp side is test/editors/emacs-eglot.el.
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

interface EmacsDiag {
  line: number;
  column: number;
  type: string;
  text: string;
}
interface EmacsResult {
  steps: string[] | null;
  error?: string;
  events?: string;
  mode?: string;
  diagnostics?: EmacsDiag[] | null;
  after?: EmacsDiag[] | null;
  prompt?: string;
  actions?: { title: string; isPreferred: boolean }[] | null;
  fixed?: string;
  modified?: boolean;
  seen?: EmacsDiag[] | null;
}

describe('Emacs (eglot + Flymake) with helm-hook-guard-ls', () => {
  it('shows the error on the hook line of a working-tree change, and the default code action clears it', { timeout: 90_000 }, async (t) => {
    const emacs = requireEditor(t, 'emacs', 'apt-get install emacs-nox elpa-eglot');
    if (!emacs) return;
    const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    const scratch = mkdtempSync(path.join(tmpdir(), 'hhg-emacs-'));
    try {
      repo.commit('regular ConfigMap');
      const committed = repo.read(REL);
      const hooked = withHook(committed);
      repo.write(REL, hooked);
      const resultFile = path.join(scratch, 'result.json');
      const env = isolatedEnv(scratch, {
        HHG_NODE: process.execPath,
        HHG_SERVER: path.join(REPO_ROOT, 'bin', 'helm-hook-guard-ls'),
        HHG_FILE: path.join(repo.dir, REL),
        HHG_RESULT: resultFile,
        HHG_TIMEOUT_MS: '20000',
      });
      const script = path.join(REPO_ROOT, 'test', 'editors', 'emacs-eglot.el');
      // No -Q: Debian's site-start is what puts elpa-eglot on the load path.
      const r = await run(emacs, ['--batch', '-l', script], { cwd: repo.dir, env, timeoutMs: 60_000 });
      const logs = () => `\nemacs exit ${r.code}${r.timedOut ? ' (timed out)' : ''} after ${r.ms} ms\nstdout: ${r.stdout}\nstderr: ${r.stderr.slice(-4000)}`;
      let res: EmacsResult;
      try {
        res = JSON.parse(readFileSync(resultFile, 'utf8')) as EmacsResult;
      } catch {
        assert.fail('Emacs wrote no result' + logs());
      }
      assert.equal(res.error, undefined, `Emacs script failed after steps [${(res.steps ?? []).join(', ')}]: ${res.error}\nlast diagnostics: ${JSON.stringify(res.seen)}\n${res.events ?? ''}` + logs());
      assert.equal(r.code, 0, 'emacs did not exit cleanly' + logs());
      assert.equal(res.mode, 'helm-template-mode');

      // Flymake: one error, "<source> [<code>]: <message>", starting at "helm.sh/hook" (0-based line, column).
      // Other rules may add notes on the same hook; this is the one error.
      const diagnostics = res.diagnostics ?? [];
      const mine = diagnostics.filter((x) => x.text.includes(`[${RULE}]`));
      assert.equal(mine.length, 1, JSON.stringify(diagnostics));
      assert.equal(diagnostics.filter((x) => x.type === 'eglot-error').length, 1, JSON.stringify(diagnostics));
      const [d] = mine;
      const at = positionOf(hooked, '"helm.sh/hook":');
      assert.equal(d.line, at.line);
      assert.equal(d.column, at.character);
      assert.equal(d.type, 'eglot-error');
      assert.match(d.text, new RegExp(`^Helm Hook Guard \\[${RULE}\\]: `));
      assert.match(d.text, /pre-upgrade hook recreates ConfigMap basic-app-config/);

      // The prompt offers the three fixes with the preferred one as the default; RET applied it.
      const actions = res.actions ?? [];
      const titles = actions.map((a) => a.title).filter((t) => /^(Keep it regular: remove|Give the hooks|Add helm\.sh\/resource-policy)/.test(t));
      assert.deepEqual(titles.map((t) => t.split(' ')[0]), ['Keep', 'Give', 'Add'], JSON.stringify(actions));
      assert.deepEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), [titles[0]]);
      assert.match(res.prompt ?? '', /\(default Keep it regular: remove the hook annotations\)/);

      // The buffer is back to the committed text, not saved, and Flymake is empty.
      assert.equal(res.fixed, committed);
      assert.equal(res.modified, true);
      assert.deepEqual(res.after ?? [], []);
      assert.equal(repo.read(REL), hooked, 'the fix must edit the buffer, not the file on disk');
    } finally {
      repo.dispose();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
