// Protocol storms: a seeded random sequence of what clients really send (out-of-order versions, ranges past the end,
// closes of documents never opened, open/close/change bursts, cancelled requests, huge buffers), then the diagnostics
// must equal those of a fresh server on the final texts. And a shutdown in the middle of a workspace scan.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CancellationTokenSource, type Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';
import { startServer, type TestClient } from '../helpers/lspClient';

/** mulberry32: small, seeded, the same sequence on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] };
}

/** Watches the server's log for what must never happen: an uncaught error or an unhandled rejection. */
function watchLog(client: TestClient, all: string[] = []): string[] {
  const bad: string[] = [];
  client.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
    all.push(m.message);
    if (/Unexpected (error|rejection)|failed:/.test(m.message)) bad.push(m.message);
  });
  return bad;
}

/** What a client shows: the last publish of every URI, without the fix data (it names the server's own stamps). */
function shown(client: TestClient, open: Set<string>): Record<string, { version?: number; diagnostics: Omit<Diagnostic, 'data'>[] }> {
  const out: Record<string, { version?: number; diagnostics: Omit<Diagnostic, 'data'>[] }> = {};
  for (const [uri, p] of [...client.diagnostics].sort(([a], [b]) => a.localeCompare(b))) {
    if (p.diagnostics.length === 0 && !open.has(uri)) continue;
    out[uri] = { version: open.has(uri) ? p.version : undefined, diagnostics: p.diagnostics.map(({ data: _data, ...d }) => d) };
  }
  return out;
}

/** Until the diagnostics stop changing (nothing published for a while): what the client shows once the storm is over,
 *  before anything asks the server to look again. */
async function quiet(client: TestClient, open: Set<string>) {
  let last = '';
  let same = 0;
  for (const end = Date.now() + 30000; Date.now() < end; ) {
    const now = JSON.stringify(shown(client, open));
    same = now === last ? same + 1 : 0;
    last = now;
    if (same >= 4) return JSON.parse(now) as ReturnType<typeof shown>;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the diagnostics did not stop changing');
}

/** Until two workspace checks in a row leave the same diagnostics (each check analyses every chart once). */
async function settle(client: TestClient, open: Set<string>) {
  let before = JSON.stringify(shown(client, open));
  for (let i = 0; i < 6; i++) {
    await client.connection.sendRequest('helmHookGuard/checkWorkspace');
    const now = JSON.stringify(shown(client, open));
    if (now === before) return JSON.parse(now) as ReturnType<typeof shown>;
    before = now;
  }
  throw new Error('the diagnostics did not settle');
}

function workspace(): TempRepo {
  const repo = tempRepo({ 'basic-app': SAMPLE_CHART, 'other-app': SAMPLE_CHART });
  repo.write('other-app/Chart.yaml', repo.read('other-app/Chart.yaml').replace('name: basic-app', 'name: other-app'));
  repo.write('README.md', '# not a chart\n');
  repo.commit('base');
  return repo;
}

describe('protocol storms', () => {
  for (const seed of [17, 4242, 90210]) {
    it(`seed ${seed}: 300 random messages, then the same diagnostics as a fresh server on the final texts`, async () => {
      const repo = workspace();
      const rng = random(seed);
      const client = await startServer(repo.dir, { releaseName: 'basic-app' });
      const bad = watchLog(client);
      const fresh: TestClient[] = [];
      try {
        const uri = (rel: string) => 'file://' + repo.dir + '/' + rel;
        const rels = ['templates/configmap.yaml', 'templates/deployment.yaml', 'templates/service.yaml', 'templates/_helpers.tpl', 'values.yaml', 'Chart.yaml'];
        const files = [...rels.map((r) => `basic-app/${r}`), ...rels.slice(0, 2).map((r) => `other-app/${r}`), 'README.md', 'basic-app/templates/new.yaml'];
        const uris = [...files.map(uri), 'untitled:Untitled-1', 'file:///nonexistent/outside/templates/x.yaml'];
        const diskText = (u: string) => {
          const rel = u.startsWith('file://' + repo.dir + '/') ? u.slice(('file://' + repo.dir + '/').length) : undefined;
          try {
            return rel ? readFileSync(path.join(repo.dir, rel), 'utf8') : '';
          } catch {
            return '';
          }
        };
        const garbage = () => Array.from({ length: rng.int(200) }, () => rng.pick(['{{', '}}', ' ', '\n', '-', ':', '"', 'x', '.Values', 'end', '{{ if', '\t', 'é', '\r\n'])).join('');
        const variant = (u: string): string => {
          const text = diskText(u);
          switch (rng.int(6)) {
            case 0:
              return text;
            case 1:
              return u.endsWith('configmap.yaml') ? withHook(text) : text + '\n# edited\n';
            case 2:
              return text.slice(0, rng.int(text.length + 1));
            case 3:
              return garbage();
            case 4:
              return '';
            default:
              return text.replace('{{ end }}', '{{ end }}{{ end }}'); // a template parse error
          }
        };
        // Each open document as the server should hold it, with the same incremental update semantics.
        const docs = new Map<string, TextDocument>();
        const versions = new Map<string, number>();
        const nextVersion = (u: string) => {
          const v = (versions.get(u) ?? 0) + 1 + rng.int(3);
          versions.set(u, v);
          return rng.int(10) === 0 ? Math.max(0, v - 5) : v; // sometimes out of order
        };
        // Every version the client gave an open document, in the order sent (a version may recur after a close and an
        // open, or out of order). A publish for a version sent before the one last published
        // for the same document is a stale result shown over a newer one.
        let sends = 0;
        const sentAt = new Map<string, number[]>();
        const sent = (u: string, version: number) => {
          const key = `${u} ${version}`;
          sentAt.set(key, [...(sentAt.get(key) ?? []), ++sends]);
        };
        const lastPublished = new Map<string, { version: number; at: number }>();
        const stale: string[] = [];
        let versioned = 0;
        let compared = 0; // publishes that followed another of the same document: the order check had something to check
        client.onPublish((p) => {
          if (p.version === undefined || p.version === null) return;
          versioned++;
          const times = sentAt.get(`${p.uri} ${p.version}`);
          const last = lastPublished.get(p.uri);
          if (last) compared++;
          // A version sent more than once: the publish answers its earliest sending not before the last one published.
          const at = times?.find((t) => !last || t >= last.at);
          if (times === undefined) stale.push(`${p.uri}: version ${p.version} was never sent`);
          else if (at === undefined) stale.push(`${p.uri}: version ${p.version} published after version ${last!.version}, sent later`);
          else lastPublished.set(p.uri, { version: p.version, at });
        });
        const open = (u: string, text: string) => {
          const version = nextVersion(u);
          docs.set(u, TextDocument.create(u, 'helm', version, text));
          sent(u, version);
          void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'helm', version, text } });
        };
        const position = (doc: TextDocument | undefined) => {
          const lines = doc ? doc.lineCount : 1;
          // Past the end of the line or the document now and then.
          return rng.int(5) === 0 ? { line: lines + rng.int(100), character: rng.int(50) } : { line: rng.int(lines), character: rng.int(rng.int(4) === 0 ? 500 : 40) };
        };
        const requests: Promise<unknown>[] = [];
        const request = (method: string, params: unknown) => {
          const cancel = new CancellationTokenSource();
          const p = client.connection.sendRequest(method, params, cancel.token).catch((e: Error) => {
            // A cancelled request is answered with RequestCancelled; nothing else may fail.
            if (!/cancel/i.test(e.message)) throw e;
          });
          if (rng.int(2) === 0) setTimeout(() => cancel.cancel(), rng.int(3));
          else if (rng.int(3) === 0) cancel.cancel();
          requests.push(p);
        };

        for (let i = 0; i < 300; i++) {
          const u = rng.pick(uris);
          const doc = docs.get(u);
          const op = rng.int(100);
          if (op < 15) open(u, variant(u));
          else if (op < 45) {
            // A change, for an open document or not (a client that lost track).
            const version = nextVersion(u);
            const changes =
              rng.int(3) === 0
                ? [{ text: variant(u) }]
                : Array.from({ length: 1 + rng.int(3) }, () => {
                    const a = position(doc);
                    const b = rng.int(2) === 0 ? a : position(doc);
                    const [start, end] = a.line < b.line || (a.line === b.line && a.character <= b.character) ? [a, b] : [b, a];
                    return { range: { start, end }, text: rng.pick(['', 'x', '\n', '{{', '  annotations:\n    "helm.sh/hook": pre-upgrade\n', garbage()]) };
                  });
            if (doc) (docs.set(u, TextDocument.update(doc, changes, version)), sent(u, version));
            void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version }, contentChanges: changes });
          } else if (op < 55) {
            docs.delete(u); // closing a document never opened is allowed to happen
            void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
          } else if (op < 62) {
            // A burst on one file: open, change, close, open again.
            open(u, variant(u));
            const version = nextVersion(u);
            const text = variant(u);
            docs.set(u, TextDocument.update(docs.get(u)!, [{ text }], version));
            sent(u, version);
            void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version }, contentChanges: [{ text }] });
            docs.delete(u);
            void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
            if (rng.int(2) === 0) open(u, variant(u));
          } else if (op < 90) {
            const method = rng.pick(['textDocument/hover', 'textDocument/definition', 'textDocument/references', 'textDocument/codeLens', 'textDocument/codeAction', 'helmHookGuard/plan']);
            const published = [...client.diagnostics.values()].flatMap((p) => p.diagnostics);
            request(method, {
              textDocument: { uri: u },
              uri: u,
              position: position(doc),
              range: { start: position(doc), end: position(doc) },
              context: { includeDeclaration: rng.int(2) === 0, diagnostics: published.slice(0, rng.int(3)) },
            });
          } else if (op < 94) {
            // Not near the end: a full check after the storm would hide what the storm left behind.
            if (i < 200) request('helmHookGuard/checkWorkspace', undefined);
          }
          else if (op < 96) {
            // A huge buffer: over the size limit (skipped, with a notice), or just under it.
            const big = rng.int(2) === 0 ? '# ' + 'x'.repeat(6 * 1024 * 1024) + '\n' : `# ${'y'.repeat(70)}\n`.repeat(6000);
            open(uri('basic-app/templates/big.yaml'), big);
          } else {
            void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: u, type: 1 + rng.int(3) }] });
          }
          if (rng.int(8) === 0) await new Promise((r) => setTimeout(r, rng.int(15)));
        }
        // The storm ends the way sessions do: edited buffers closed without saving, others changed once more.
        const closing = [...docs.keys()].filter(() => rng.int(2) === 0);
        for (const u of [...docs.keys()].filter((x) => !closing.includes(x))) {
          const version = nextVersion(u);
          const text = variant(u);
          docs.set(u, TextDocument.update(docs.get(u)!, [{ text }], version));
          sent(u, version);
          void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version }, contentChanges: [{ text }] });
        }
        // Those changes analysed first, so that the closes alone must bring the disk texts back.
        await quiet(client, new Set());
        for (const u of closing) {
          docs.delete(u);
          void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
        }
        await Promise.all(requests);
        const openUris = new Set([...docs.keys()].filter((u) => u.startsWith('file://' + repo.dir + '/')));
        const stormed = await quiet(client, openUris);
        assert.equal(client.process.exitCode, null, 'the server is still running');
        assert.deepEqual(bad, []);
        // How many edits a debounce coalesces depends on the machine's load: ask only that the order was checked.
        assert.ok(versioned > 5 && compared > 0, `only ${versioned} versioned publishes, ${compared} after another of the same document`);
        assert.deepEqual(stale, []);

        // A fresh server, given the final texts at their final versions.
        const second = await startServer(repo.dir, { releaseName: 'basic-app' });
        fresh.push(second);
        for (const [u, d] of docs) {
          void second.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'helm', version: d.version, text: d.getText() } });
        }
        const expected = await settle(second, openUris);
        assert.ok(Object.values(expected).some((x) => x.diagnostics.length > 0) || openUris.size > 0, 'the comparison compares something');
        assert.deepEqual(stormed, expected);
        // And a full check of the stormed server changes nothing.
        assert.deepEqual(await settle(client, openUris), expected);
      } finally {
        for (const c of fresh) await c.stop();
        await client.stop();
        repo.dispose();
      }
    });
  }

  it('shutdown in the middle of a workspace scan: answered, then a clean exit', async () => {
    const repo = tempRepo({});
    for (let i = 0; i < 40; i++) cpSync(SAMPLE_CHART, path.join(repo.dir, 'charts', `app-${i}`), { recursive: true });
    repo.commit('base');
    const client = await startServer(repo.dir, { releaseName: 'basic-app' });
    const logs: string[] = [];
    const bad = watchLog(client, logs);
    let stderr = '';
    client.process.stderr!.on('data', (d) => (stderr += d));
    try {
      // The sample's migration Job is a hook without a delete policy: every chart of the scan publishes a finding.
      await client.waitUntil(() => client.diagnostics.size > 0, 'the scan to begin');
      // 40 charts: the scan analyses them on the background worker, which must end with the server.
      assert.ok(logs.some((m) => /Background analysis worker started/.test(m)), logs.join('\n'));
      let scanEnded = false;
      client.connection.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
        if (p.value?.kind === 'end') scanEnded = true;
      });
      const scan = client.connection.sendRequest('helmHookGuard/checkWorkspace').catch(() => undefined);
      const exited = new Promise<number | null>((resolve) => client.process.once('exit', (code) => resolve(code)));
      await client.connection.sendRequest('shutdown');
      assert.ok(!scanEnded, 'the shutdown came in the middle of the scan');
      void client.connection.sendNotification('exit');
      assert.equal(await exited, 0);
      await Promise.race([scan, new Promise((r) => setTimeout(r, 100))]);
      assert.deepEqual(bad, []);
      assert.equal(stderr, '');
    } finally {
      await client.stop();
      repo.dispose();
    }
  });
});
