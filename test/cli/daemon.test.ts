// `--daemon`: calls served by a process that stays (server/src/cli/daemon.ts, bin/daemon-client.js), on temporary git
// repositories. Whatever serves a call, its output and exit status are those of a call run in its own process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');
const CM = 'basic-app/templates/configmap.yaml';

describe('helm-hook-guard --daemon', { skip: process.platform === 'win32' ? 'Unix sockets' : false }, () => {
  let repo: TempRepo;
  let home: string;
  const env = () => ({ ...process.env, XDG_CACHE_HOME: home, HELM_HOOK_GUARD_DAEMON_IDLE_MS: '60000' });
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, encoding: 'utf8', env: { ...env(), ...extra } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const sockets = () => {
    const dir = path.join(home, 'helm-hook-guard', 'daemon');
    return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.sock')).map((n) => path.join(dir, n)) : [];
  };
  const check = ['check', 'basic-app', '--release-name', 'basic-app'];

  before(() => {
    repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    repo.commit('regular ConfigMap');
    repo.write(CM, withHook(repo.read(CM)));
    home = mkdtempSync(path.join(tmpdir(), 'hhg-daemon-'));
  });
  after(() => {
    cli(['daemon', 'stop']);
    repo.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('answers as a call in its own process does, and stays for the next call', () => {
    const own = cli(check);
    assert.equal(own.status, 1, own.stderr);
    const first = cli([...check, '--daemon']);
    assert.deepEqual(first, own);
    assert.equal(sockets().length, 1, 'a daemon listens');
    assert.deepEqual(cli(check, { HELM_HOOK_GUARD_DAEMON: '1' }), own);
    for (const format of ['json', 'sarif']) assert.deepEqual(cli([...check, '--format', format, '--daemon']), cli([...check, '--format', format]));
    // Usage errors and render errors, in their words and statuses.
    assert.deepEqual(cli(['check', '--no-such-flag', '--daemon']), cli(['check', '--no-such-flag']));
    assert.deepEqual(cli(['render', 'basic-app', '--daemon']), cli(['render', 'basic-app']));
  });

  it('reads the files of each call: nothing stale after an edit', () => {
    const withHookText = repo.read(CM);
    try {
      repo.write(CM, withHookText.replace(/^ {4}"helm\.sh\/hook": .*\n/m, ''));
      const served = cli([...check, '--daemon']);
      assert.equal(served.status, 0, served.stdout + served.stderr);
      assert.deepEqual(served, cli(check));
    } finally {
      repo.write(CM, withHookText);
    }
    assert.equal(cli([...check, '--daemon']).status, 1);
  });

  it('speaks a line of JSON each way on its socket', async () => {
    const [socket] = sockets();
    assert.ok(socket);
    const reply = await new Promise<string>((resolve, reject) => {
      const conn = net.connect(socket);
      let data = '';
      conn.on('connect', () => conn.write(JSON.stringify({ argv: [...check, '--format', 'json'], cwd: repo.dir, env: env(), tty: false }) + '\n'));
      conn.on('data', (d) => (data += d));
      conn.on('close', () => resolve(data));
      conn.on('error', reject);
    });
    const { chunks, code } = JSON.parse(reply) as { chunks: [number, string][]; code: number };
    assert.equal(code, 1);
    const out = chunks.filter(([fd]) => fd === 1).map(([, t]) => t).join('');
    assert.equal(out, cli([...check, '--format', 'json']).stdout);
  });

  it('another environment git reads gets a daemon of its own', () => {
    const before = sockets().length;
    assert.equal(cli([...check, '--daemon'], { TZ: 'Asia/Tokyo' }).status, 1);
    assert.equal(sockets().length, before + 1);
  });

  it('daemon stop ends every daemon of the cache folder (the other TZ\'s too); a call then starts another', async () => {
    const before = sockets();
    assert.ok(before.length >= 2, `daemons: ${before.join(', ')}`);
    assert.equal(cli(['daemon', 'stop']).status, 0);
    for (let i = 0; i < 50 && before.some((s) => existsSync(s)); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(before.filter((s) => existsSync(s)), [], 'the sockets are gone with their daemons');
    assert.equal(cli([...check, '--daemon']).status, 1);
    assert.equal(sockets().length, 1);
  });

  it('without a usable cache folder, the call runs in its own process', () => {
    const file = path.join(home, 'a-file');
    writeFileSync(file, 'not a folder');
    const r = cli([...check, '--daemon', '--no-cache'], { XDG_CACHE_HOME: file });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /hook-deletes-referenced-resource/);
    // Nothing to stop there either: not an error.
    assert.deepEqual(cli(['daemon', 'stop'], { XDG_CACHE_HOME: file }), { status: 0, stdout: '', stderr: '' });
    assert.equal(cli(['daemon', 'start']).status, 2);
  });
});
