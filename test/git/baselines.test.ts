// Baselines beyond a ref of the working tree: two refs (--base A --head B), a packaged chart from the real
// `helm package`, and a chart repository (index.yaml from the real `helm repo index`) served by a real HTTP server.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';
import { helmBinary } from '../helpers/helm';
import { startServer } from '../helpers/lspClient';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');
const RULE = 'hook-deletes-referenced-resource';
const CM = 'basic-app/templates/configmap.yaml';

// Asynchronous: the HTTP server below runs in this process and must keep answering while the CLI runs.
async function check(cwd: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'check', ...args, '--format', 'json', '--release-name', 'basic-app'], { cwd, encoding: 'utf8' });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { status: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
const rules = (stdout: string): string[] => (stdout ? JSON.parse(stdout).findings.map((f: { rule: string }) => f.rule) : []);

describe('--base A --head B', () => {
  let repo: TempRepo;
  before(() => {
    repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    repo.commit('regular');
    repo.git('tag', 'A');
    repo.write(CM, withHook(repo.read(CM)));
    repo.commit('hook');
    repo.git('tag', 'B');
    repo.write('basic-app/templates/extra.yaml', 'this: is: not: valid: yaml\n');
  });
  after(() => repo.dispose());

  it('compares two refs without touching the working tree', async () => {
    const status = repo.git('status', '--porcelain');
    const r = await check(repo.dir, 'basic-app', '--base', 'A', '--head', 'B');
    assert.equal(r.status, 1, r.stderr);
    assert.ok(rules(r.stdout).includes(RULE));
    assert.ok(!rules(r.stdout).includes('manifest-invalid'), 'the dirty working tree is not read');
    assert.equal(repo.git('status', '--porcelain'), status);
    const back = await check(repo.dir, 'basic-app', '--base', 'B', '--head', 'A');
    assert.ok(!rules(back.stdout).includes(RULE));
  });

  it('the chart may be gone from the working tree; an unknown --head is a clear error', async () => {
    repo.git('rm', '-rq', 'basic-app');
    try {
      const r = await check(repo.dir, 'basic-app', '--base', 'A', '--head', 'B');
      assert.ok(rules(r.stdout).includes(RULE), r.stderr);
      const bad = await check(repo.dir, 'basic-app', '--head', 'nope');
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /cannot read --head nope: the base ref "nope" does not exist/);
    } finally {
      repo.git('reset', '-q', '--hard');
    }
  });
});

describe('published baselines', () => {
  let work: TempRepo;
  let server: Server;
  let base: string;
  let hits: string[] = [];
  let tgz: Buffer;
  before(async () => {
    work = tempRepo({ 'basic-app': SAMPLE_CHART }, false);
    const helm = helmBinary();
    // What is deployed: version 0.1.0 with a regular ConfigMap, packaged and indexed by the real Helm.
    mkdirSync(path.join(work.dir, 'repo'));
    execFileSync(helm, ['package', 'basic-app', '--destination', 'repo'], { cwd: work.dir });
    execFileSync(helm, ['repo', 'index', 'repo'], { cwd: work.dir });
    tgz = readFileSync(path.join(work.dir, 'repo', 'basic-app-0.1.0.tgz'));
    const index = readFileSync(path.join(work.dir, 'repo', 'index.yaml'), 'utf8');
    assert.match(index, /digest: [0-9a-f]{64}/);
    work.write(CM, withHook(work.read(CM)));
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/slow/index.yaml') return; // never answers
      if (req.url === '/bad/index.yaml') return void res.end(index.replace(/digest: [0-9a-f]+/, 'digest: ' + 'ab'.repeat(32)));
      if (req.url === '/charts/index.yaml' || req.url === '/bad/index.yaml') return void res.end(index);
      if (req.url === '/charts/basic-app-0.1.0.tgz' || req.url === '/bad/basic-app-0.1.0.tgz') return void res.end(tgz);
      res.statusCode = 404;
      res.end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
    work.dispose();
  });

  it('--base <chart.tgz> from helm package', async () => {
    const r = await check(work.dir, 'basic-app', '--base', 'repo/basic-app-0.1.0.tgz');
    assert.equal(r.status, 1, r.stderr);
    assert.ok(rules(r.stdout).includes(RULE));
    const missing = await check(work.dir, 'basic-app', '--base', 'repo/none-1.0.0.tgz');
    assert.match(missing.stderr, /no baseline at repo\/none-1\.0\.0\.tgz \(cannot read the packaged chart repo\/none-1\.0\.0\.tgz: ENOENT\)/);
    writeFileSync(path.join(work.dir, 'junk.tgz'), 'not gzip');
    const junk = await check(work.dir, 'basic-app', '--base', 'junk.tgz');
    assert.match(junk.stderr, /junk\.tgz is not a packaged chart: gzip: invalid header/);
  });

  it('--base <repo-url>#<chart>@<version> through index.yaml over HTTP', async () => {
    hits = [];
    const r = await check(work.dir, 'basic-app', '--base', `${base}/charts#basic-app@0.1.0`);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(rules(r.stdout).includes(RULE));
    assert.deepEqual(hits, ['/charts/index.yaml', '/charts/basic-app-0.1.0.tgz']);
    const latest = await check(work.dir, 'basic-app', '--base', `${base}/charts/#basic-app`);
    assert.ok(rules(latest.stdout).includes(RULE), 'without a version: the newest');
  });

  it('clear reasons: unknown version or chart, digest mismatch, HTTP errors, timeout, offline', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const cases: [string, RegExp][] = [
      [`${base}/charts#basic-app@9.9.9`, /chart "basic-app" has no version 9\.9\.9 in http:.*\/charts \(newest: 0\.1\.0\)/],
      [`${base}/charts#other@1.0.0`, /chart "other" is not in http:.*\/charts \(it has 1 chart: basic-app\)/],
      [`${base}/bad#basic-app@0.1.0`, /basic-app-0\.1\.0\.tgz does not match the digest in .*\/bad\/index\.yaml/],
      [`${base}/missing#basic-app@0.1.0`, /cannot download http:.*\/missing\/index\.yaml: HTTP 404/],
      [`${base}/slow#basic-app@0.1.0`, /cannot download http:.*\/slow\/index\.yaml: timed out after 1 s/],
      [`http://127.0.0.1:${closedPort}/charts#basic-app@0.1.0`, /cannot download http:\/\/127\.0\.0\.1:\d+\/charts\/index\.yaml: ECONNREFUSED: nothing listens there \(offline/],
      ['https://charts.invalid/stable#basic-app@0.1.0', /cannot download https:\/\/charts\.invalid\/stable\/index\.yaml: (ENOTFOUND|EAI_AGAIN): the host cannot be resolved \(offline/],
      ['oci://registry.example/charts/basic-app', /OCI registries are not supported/],
      [`${base}/charts`, /names no chart: use <repo-url>#<chart>@<version>/],
    ];
    for (const [ref, message] of cases) {
      // Only the server that never answers gets a short timeout: the others must not time out on a busy machine.
      const r = await check(work.dir, 'basic-app', '--base', ref, '--timeout', ref.includes('/slow#') ? '1' : '30');
      assert.equal(r.status, 0, `${ref}: the other rules still run`);
      assert.match(r.stderr, message, ref);
      assert.match(r.stderr, /rules that compare with it are skipped/);
    }
  });

  it('the editor\'s baseRef takes a packaged chart and a chart repository too', async () => {
    const uri = 'file://' + path.join(work.dir, CM);
    for (const baseRef of [path.join(work.dir, 'repo', 'basic-app-0.1.0.tgz'), `${base}/charts#basic-app@0.1.0`, '../repo/basic-app-0.1.0.tgz']) {
      const client = await startServer(work.dir, { baseRef, releaseName: 'basic-app' });
      try {
        await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === RULE));
        await client.waitUntil(() => client.statuses.some((s) => (s as { commit?: string }).commit === createHash('sha256').update(tgz).digest('hex')), 'a status naming the archive digest');
      } finally {
        await client.stop();
      }
    }
  });
});
