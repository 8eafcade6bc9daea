// VS Code end to end, in code-server 4.139.1 (VS Code 1.139) driven by Debian's chromium (npm run test:e2e; not part
// of `npm test`). Needs scripts/install-real-clients.sh and the packaged VSIX (helm-hook-guard.vsix, or $HHG_VSIX).
//
// 1. The workbench: the VSIX installed like a user would; a temporary git repository whose HEAD has the regular
//    ConfigMap and whose working tree (on disk) has it as a hook. Asserts the squiggle on the hook line, the Problems
//    row (message and rule id), the fixes that Ctrl+. lists, that Auto Fix (Shift+Alt+.) applies the preferred one,
//    and that the squiggle and the Problems row then go away. Screenshots go to test-artifacts/.
// 2. The extension-host tests of test/vscode/index.ts, loaded through the page URL's payload (the development
//    extension is this checkout), with their results read from the file they write.
// Prints "N passed, N failed" and exits 1 when anything failed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';
import type { RunResult } from '../vscode/index';
import { CONFIGMAP, makeExtensionTestWorkspace } from '../vscode/workspace';
import {
  findClients,
  installVsix,
  launchChromium,
  logsOf,
  prepareProfile,
  startCodeServer,
  sleep,
  tail,
  until,
  type Browser,
  type CodeServer,
  type Page,
} from './codeServer';

const RULE = 'hook-deletes-referenced-resource';
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const NBSP = /\u00a0/g;

interface Outcome {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}
const outcomes: Outcome[] = [];

async function step(name: string, fn: () => Promise<void>): Promise<boolean> {
  const started = Date.now();
  try {
    await fn();
    outcomes.push({ name, ok: true, ms: Date.now() - started });
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
    return true;
  } catch (e) {
    const error = e instanceof Error ? e.stack ?? e.message : String(e);
    outcomes.push({ name, ok: false, ms: Date.now() - started, error });
    console.log(`not ok - ${name} (${Date.now() - started} ms)\n${error.replace(/^/gm, '    ')}`);
    return false;
  }
}

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

interface EditorLine {
  top: number;
  bottom: number;
  left: number;
  text: string;
}

/** The visible editor lines in line order (DOM order is not line order), spaces as spaces. */
async function editorLines(page: Page): Promise<EditorLine[]> {
  const lines = await page.locator('.part.editor .monaco-editor .view-line').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, text: e.textContent ?? '' };
    }),
  );
  return lines.map((l) => ({ ...l, text: l.text.replace(NBSP, ' ') })).sort((a, b) => a.top - b.top);
}

async function squiggles(page: Page, kind = 'error'): Promise<{ top: number; bottom: number; left: number; right: number }[]> {
  return page.locator(`.part.editor .monaco-editor .squiggly-${kind}`).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    }),
  );
}

async function problemRows(page: Page): Promise<string[]> {
  return (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map((t) => t.replace(NBSP, ' ').replace(/\s+/g, ' ').trim());
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `vscode-e2e-${name}.png`) }).catch(() => undefined);
}

async function workbenchScenario(browser: Browser, cs: CodeServer, repo: TempRepo): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message ?? String(e)));
  const hooked = repo.read(CONFIGMAP);
  try {
    const ok = await step('workbench: opens the chart template from the working tree', async () => {
      await page.goto(`${cs.url}/?folder=${encodeURIComponent(repo.dir)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await until('the quick open to list configmap.yaml', async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input').first().fill('basic-app/templates/configmap.yaml');
        const rows = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'configmap.yaml' });
        await rows.first().waitFor({ timeout: 3_000 });
        return true;
      }, 45_000, 500);
      await page.keyboard.press('Enter');
      await until('the editor to show the hook annotation', async () => (await editorLines(page)).find((l) => l.text.includes('"helm.sh/hook": pre-install,pre-upgrade')), 30_000);
    });
    if (!ok) return;

    // The installed extension's manifest (from the VSIX) says whether it contributes grammars.
    const installed = readdirSync(cs.extensionsDir).find((d) => d.startsWith('helm-hook-guard.helm-hook-guard-'));
    const manifest = installed
      ? (JSON.parse(readFileSync(path.join(cs.extensionsDir, installed, 'package.json'), 'utf8')) as { contributes?: { grammars?: unknown[] } })
      : {};
    if (manifest.contributes?.grammars) {
      await step('workbench: the template is language "Helm Template", and the injected grammar colours the {{ }} actions', async () => {
        const mode = await page.locator('[id="status.editor.mode"]').first().innerText({ timeout: 10_000 });
        assert(/Helm Template/.test(mode), `language mode in the status bar: ${mode}`);
        // Without the injection, VS Code's YAML grammar reads `{{ include "..." . }}` as a flow mapping and `include`
        // is not a token of its own; with it, `include` is a keyword with a colour the YAML text around it has not.
        const spans = await until('tokenized spans', async () => {
          const s = await page.locator('.part.editor .monaco-editor .view-line span span').evaluateAll((els) => els.map((e) => ({ text: (e.textContent ?? '').trim(), cls: e.className })));
          return s.some((x) => x.text === 'include') ? s : undefined;
        }, 15_000);
        const include = spans.find((x) => x.text === 'include')!;
        const config = spans.find((x) => x.text.startsWith('-config'));
        assert(config, `no span for "-config": ${JSON.stringify(spans.slice(0, 40))}`);
        assert(include.cls !== config.cls, `"include" (${include.cls}) is coloured like the YAML scalar "-config" (${config.cls})`);
      });
    } else {
      console.log('# skip grammar check: the installed extension contributes no grammars');
    }

    await step('workbench: an error squiggle on the "helm.sh/hook" line, and nowhere else', async () => {
      // Code lenses and other view zones can appear above the hook line while we look: measure squiggles and lines
      // together, and accept once a measurement has every squiggle on the hook line.
      let last = '';
      await until('an error squiggle on the hook line only', async () => {
        const found = await squiggles(page);
        const lines = await editorLines(page);
        const hook = lines.find((l) => l.text.includes('"helm.sh/hook":'));
        last = JSON.stringify({ squiggles: found, lines: lines.map((l) => [l.top, l.bottom, l.text]) });
        if (found.length === 0 || !hook) return undefined;
        const onHook = found.every((s) => {
          const mid = (s.top + s.bottom) / 2;
          return mid >= hook.top && mid <= hook.bottom + 4;
        });
        // It starts at the annotation key, not at the indentation.
        return onHook && found[0].left > hook.left + 10;
      }, 60_000).catch((e: Error) => {
        throw new Error(`${e.message}; last measurement: ${last}`);
      });
      await shot(page, '1-squiggle');
    });

    await step('workbench: the Problems panel lists the finding with its rule id', async () => {
      await page.keyboard.press('Control+Shift+M');
      const rows = await until('a Problems row for the rule', async () => {
        const r = await problemRows(page);
        return r.some((t) => t.includes(RULE) && t.includes('ConfigMap basic-app-config')) ? r : undefined;
      }, 30_000);
      await shot(page, '2-problems');
      const row = rows.find((t) => t.includes(RULE))!;
      assert(/helm upgrade will delete ConfigMap basic-app-config \(now a hook\)/.test(row), `row text: ${row}`);
      assert(row.includes('Helm Hook Guard'), `row text: ${row}`);
      assert(/Ln 6, Col 5/.test(row), `row position: ${row}`);
      assert(rows.some((t) => /^configmap\.yaml\s*basic-app\/templates/.test(t)), `no file row for configmap.yaml: ${JSON.stringify(rows)}`);
      assert(rows.filter((t) => t.includes(RULE)).length === 1, `more than one finding: ${JSON.stringify(rows)}`);
    });

    await step('workbench: Ctrl+. on the hook line lists the three fixes', async () => {
      // Put the cursor on the annotation: click the text of the hook line.
      const box = (await editorLines(page)).find((l) => l.text.includes('"helm.sh/hook":'))!;
      await page.mouse.click(box.left + 60, (box.top + box.bottom) / 2);
      const titles = await until('the quick fix menu', async () => {
        if ((await page.locator('.action-widget .monaco-list-row').count()) === 0) {
          await page.keyboard.press('Control+.');
          await page.locator('.action-widget .monaco-list-row').first().waitFor({ timeout: 3_000 });
        }
        const t = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((x) => x.replace(NBSP, ' ').trim());
        return t.some((x) => x.startsWith('Keep it regular: remove')) ? t : undefined;
      }, 30_000, 500);
      await shot(page, '3-quick-fixes');
      const fixes = titles.filter((t) => /^(Keep it regular: remove|Give the hooks|Add helm\.sh\/resource-policy)/.test(t));
      assert(fixes.length === 3, `fixes: ${JSON.stringify(titles)}`);
      assert(/^Keep it regular: remove the hook annotations$/.test(fixes[0]), JSON.stringify(fixes));
      assert(/^Give the hooks their own copy/.test(fixes[1]), JSON.stringify(fixes));
      assert(/^Add helm\.sh\/resource-policy: keep/.test(fixes[2]), JSON.stringify(fixes));
      await page.keyboard.press('Escape');
    });

    await step('workbench: Auto Fix (Shift+Alt+.) applies the preferred fix; the squiggle and the Problems row go away', async () => {
      await page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      // A press can land while the code actions are being recomputed (VS Code then says "No auto fixes available");
      // press again then, and say so in the log.
      const hookGone = async () => !(await editorLines(page)).some((l) => l.text.includes('"helm.sh/hook"'));
      const said: string[] = [];
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Shift+Alt+.');
        const gone = await until('the hook annotations to leave the editor', hookGone, 5_000).catch(() => false);
        if (gone) {
          if (attempt > 1) console.log(`# note: Auto Fix took ${attempt} presses; before: ${JSON.stringify(said)}`);
          break;
        }
        said.push(...(await page.locator('.monaco-editor-overlaymessage').allInnerTexts().catch(() => [])));
        if (attempt === 3) throw new Error(`Auto Fix did not apply after ${attempt} presses; the editor said ${JSON.stringify(said)}`);
        await page.keyboard.press('Escape');
      }
      assert((await page.locator('.action-widget .monaco-list-row').count()) === 0, 'Auto Fix showed a menu: the preferred fix is not unique');
      await until('the squiggle to clear', async () => (await squiggles(page)).length === 0, 30_000);
      // The ConfigMap's rows go; findings in other files (other rules on the now regular ConfigMap) may stay.
      let rows: string[] = [];
      await until('the Problems rows of configmap.yaml to go', async () => {
        rows = await problemRows(page);
        // A file row reads "configmap.yaml basic-app/templates N"; related-information rows "configmap.yaml [Ln ..".
        return rows.length > 0 && !rows.some((t) => t.includes(RULE) || /^configmap\.yaml\s*basic-app\/templates/.test(t));
      }, 30_000).catch(async (e: Error) => {
        // An empty list is fine too (no other rule had anything to say).
        const text = await page.locator('.markers-panel-container').first().innerText().catch(() => '');
        if (!/No problems have been detected/.test(text)) throw new Error(`${e.message}; rows: ${JSON.stringify(rows)}`);
      });
      await shot(page, '4-fixed');
      const text = (await editorLines(page)).map((l) => l.text).join('\n');
      assert(text.includes('name: {{ include "basic-app.fullname" . }}-config'), `editor text:\n${text}`);
      assert((await page.locator('.tab.dirty').count()) >= 1, 'the fixed editor is not dirty (was it saved?)');
      assert(repo.read(CONFIGMAP) === hooked, 'the quick fix changed the file on disk');
    });

    await step('workbench: "Helm Hook Guard: Show Upgrade Plan" opens the plan beside the editor', async () => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.type('Helm Hook Guard: Show Upgrade Plan', { delay: 5 });
      await until('the command in the list', async () => (await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Show Upgrade Plan' }).count()) > 0, 10_000);
      await page.keyboard.press('Enter');
      await until('the plan tab', async () => (await page.locator('.tab').filter({ hasText: 'Helm Upgrade Plan: basic-app' }).count()) > 0, 20_000);
      await page.locator('iframe.webview').first().waitFor({ state: 'attached', timeout: 10_000 });
      await sleep(1500); // the webview paints after its frame attaches
      await shot(page, '5-plan');
    });

    await step('workbench: when the language server dies, the client restarts it and the diagnostics come back', async () => {
      const servers = () =>
        readdirSync('/proc')
          .filter((d) => /^\d+$/.test(d))
          .filter((d) => {
            try {
              const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
              return cmd.includes('helm-hook-guard') && cmd.includes('dist/server.js');
            } catch {
              return false;
            }
          });
      const before = servers();
      assert(before.length === 1, `expected one server process, found ${before.length}`);
      process.kill(Number(before[0]), 'SIGKILL');
      await until('a new server process', () => servers().some((pid) => !before.includes(pid)), 30_000);
      await until('the diagnostics to come back', async () => (await problemRows(page)).some((t) => t.includes('hook-uses-regular-resource')), 30_000);
    });
  } finally {
    if (outcomes.some((o) => !o.ok)) await shot(page, 'failure');
    if (pageErrors.length) console.log(`page errors:\n${pageErrors.slice(0, 10).join('\n')}`);
    await page.close().catch(() => undefined);
  }
}

async function extensionHostScenario(browser: Browser, cs: CodeServer, resultFile: string): Promise<void> {
  const repo = makeExtensionTestWorkspace();
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  try {
    const remote = (p: string) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(path.join(REPO_ROOT, 'out', 'test', 'vscode', 'index.js'))],
    ];
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(repo.dir)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    let result: RunResult | undefined;
    const ok = await step('extension host: the tests of test/vscode/index.ts ran and wrote their results', async () => {
      result = await until('the extension-host result file', () => (existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, 'utf8')) as RunResult) : undefined), 180_000, 500);
    });
    if (!ok || !result) {
      await shot(page, 'extension-host');
      return;
    }
    console.log(`# extension host: VS Code ${result.vscodeVersion}`);
    for (const t of result.tests) {
      outcomes.push({ name: `extension host: ${t.name}`, ok: t.ok, ms: t.ms, error: t.error });
      console.log(`${t.ok ? 'ok' : 'not ok'} - extension host: ${t.name} (${t.ms} ms)${t.error ? '\n' + t.error.replace(/^/gm, '    ') : ''}`);
    }
    if (result.failed) await shot(page, 'extension-host');
  } finally {
    await page.close().catch(() => undefined);
    repo.dispose();
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const vsix = process.env.HHG_VSIX || path.join(REPO_ROOT, 'helm-hook-guard.vsix');
  const scratch = mkdtempSync(path.join(tmpdir(), 'hhg-e2e-'));
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await cs?.stop();
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const clients = findClients();
    if (!existsSync(vsix)) throw new Error(`${vsix} is missing: npm run package (or set HHG_VSIX)`);
    const profile = prepareProfile(scratch);
    const resultFile = path.join(scratch, 'extension-host-result.json');
    await step('code-server: install the VSIX', async () => {
      installVsix(clients, vsix, profile);
    });
    // HEAD: the regular ConfigMap. Working tree, on disk: the ConfigMap as a hook.
    repo.commit('regular ConfigMap');
    repo.write(CONFIGMAP, withHook(repo.read(CONFIGMAP)));
    cs = await startCodeServer(clients, scratch, repo.dir, profile, { HHG_VSCODE_RESULT: resultFile });
    browser = await launchChromium(clients);
    if (outcomes.every((o) => o.ok)) await workbenchScenario(browser, cs, repo);
    await extensionHostScenario(browser, cs, resultFile);
  } catch (e) {
    outcomes.push({ name: 'e2e harness', ok: false, ms: 0, error: e instanceof Error ? e.stack ?? e.message : String(e) });
    console.log(`not ok - e2e harness\n${String(e instanceof Error ? e.stack : e).replace(/^/gm, '    ')}`);
  } finally {
    const failed = outcomes.filter((o) => !o.ok).length;
    if (failed && cs) {
      console.log(`\n--- code-server log (tail)\n${tail(cs.log)}\n${logsOf(cs.userDataDir)}`);
    }
    await cleanup();
    repo.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  console.log(`\n# vscode e2e: ${((Date.now() - started) / 1000).toFixed(1)} s, screenshots in ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}`);
  console.log(`${outcomes.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

void main().then((code) => process.exit(code));
