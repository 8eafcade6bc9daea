// `npm pack` makes a CLI that installs globally and runs offline; the composite action (action.yml) is run step by
// step as a runner would (its inputs, env, `if:` conditions and step outputs), with that package as its install.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';
import { VERSION } from '../../server/src/version';

interface Step {
  name: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

let scratch: string;
let tgz: string;
let offlineEnv: NodeJS.ProcessEnv;

before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'hhg-pack-'));
  // --ignore-scripts: the bundles are already built (npm test builds first), and other tests are using them.
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  tgz = path.join(scratch, JSON.parse(pack.stdout)[0].filename);
  // Offline, with an empty cache and its own global prefix: nothing may come from a registry.
  offlineEnv = {
    ...process.env,
    npm_config_prefix: path.join(scratch, 'prefix'),
    npm_config_cache: path.join(scratch, 'npm-cache'),
    npm_config_offline: 'true',
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_update_notifier: 'false',
    PATH: `${path.join(scratch, 'prefix', 'bin')}:${path.dirname(process.execPath)}:${process.env.PATH}`,
    NO_COLOR: '1',
  };
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm pack', () => {
  it('holds the bundles, the bins, the Helm plugin and the schema, not the sources', () => {
    const list = spawnSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).stdout.split('\n');
    for (const f of ['bin/helm-hook-guard', 'bin/helm-hook-guard-ls', 'dist/cli.js', 'dist/server.js', 'dist/analysis-worker.js', 'plugin.yaml', 'schemas/helm-hook-guard.schema.json', 'README.md']) {
      assert.ok(list.includes(`package/${f}`), f);
    }
    assert.ok(!list.some((f) => f.startsWith('package/server/') || f.startsWith('package/test/') || f === 'package/dist/client.js'));
  });

  it('installs globally offline, and both bins run', () => {
    const install = spawnSync('npm', ['install', '--global', '--no-audit', '--no-fund', tgz], { env: offlineEnv, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    const bin = path.join(scratch, 'prefix', 'bin', 'helm-hook-guard');
    assert.ok(existsSync(bin));
    assert.equal(spawnSync(bin, ['--version'], { env: offlineEnv, encoding: 'utf8' }).stdout, VERSION + '\n');
  });

  it('the installed language server answers initialize', async () => {
    const ls = spawn(path.join(scratch, 'prefix', 'bin', 'helm-hook-guard-ls'), ['--stdio'], { env: offlineEnv });
    try {
      let out = '';
      const answered = new Promise<void>((resolve, reject) => {
        ls.stdout.on('data', (d) => {
          out += d;
          if (out.includes('"serverInfo"')) resolve();
        });
        ls.on('exit', () => reject(new Error(`exited before answering: ${out}`)));
      });
      ls.stdin.write(lspFrame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
      await answered;
      assert.match(out, /"serverInfo":\{"name":"helm-hook-guard-ls","version":"[^"]+"\}/);
    } finally {
      ls.kill();
    }
  });
});

function lspFrame(message: unknown): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Replaces `${{ ... }}` with the value of a GitHub Actions expression over these contexts. */
function evaluate(expr: string, ctx: Record<string, unknown>): unknown {
  const js = expr
    .replace(/'([^']*)'/g, (_, s: string) => JSON.stringify(s))
    .replace(/\balways\(\)/g, 'true')
    .replace(/\b(inputs|github|steps)((?:\.[A-Za-z0-9_-]+)+)/g, (path0) => {
      let v: unknown = ctx;
      for (const part of path0.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
      return JSON.stringify(v ?? '');
    });
  return new Function(`return (${js});`)();
}
const expand = (text: string, ctx: Record<string, unknown>) => text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => String(evaluate(e, ctx)));

/** Runs the composite action's steps in `cwd`; `uses:` steps are recorded with their expanded inputs. */
function runAction(cwd: string, inputs: Record<string, string>, github: Record<string, string>) {
  const action = parseYaml(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8'));
  const withDefaults = Object.fromEntries(Object.entries(action.inputs as Record<string, { default?: string }>).map(([k, v]) => [k, inputs[k] ?? v.default ?? '']));
  const ctx = { inputs: withDefaults, github, steps: {} as Record<string, { outputs: Record<string, string> }> };
  const log: { name: string; ran: boolean; status?: number; output?: string; uses?: string; with?: Record<string, string> }[] = [];
  let failed = false;
  for (const step of action.runs.steps as Step[]) {
    const condition = step.if ? /\balways\(\)/.test(step.if) || !failed ? Boolean(evaluate(step.if, ctx)) : false : !failed;
    if (!condition) {
      log.push({ name: step.name, ran: false });
      continue;
    }
    if (step.uses) {
      log.push({ name: step.name, ran: true, uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), ctx)])) });
      continue;
    }
    assert.equal(step.shell, 'bash', `${step.name}: composite run steps need a shell`);
    const outputFile = path.join(scratch, `output-${log.length}`);
    writeFileSync(outputFile, '');
    const env = { ...offlineEnv, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), ctx)])), GITHUB_OUTPUT: outputFile };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expand(step.run!, ctx)], { cwd, env, encoding: 'utf8' });
    if (step.id) {
      const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      ctx.steps[step.id] = { outputs };
    }
    log.push({ name: step.name, ran: true, status: r.status ?? 1, output: r.stdout + r.stderr });
    if (r.status !== 0) failed = true;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs as Record<string, { value: string }>).map(([k, v]) => [k, expand(v.value, ctx)]));
  return { log, failed, outputs };
}

describe('the composite GitHub Action', () => {
  let origin: TempRepo;
  let repo: TempRepo;
  before(() => {
    origin = tempRepo({ 'charts/basic-app': SAMPLE_CHART });
    origin.commit('base');
    repo = tempRepo({}, false);
    repo.git('clone', '-q', origin.dir, '.');
    repo.git('checkout', '-qb', 'feature');
    const CM = 'charts/basic-app/templates/configmap.yaml';
    repo.write(CM, withHook(repo.read(CM)));
    repo.git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qam', 'make it a hook');
    // As actions/checkout leaves a pull request: the base branch's remote ref is not necessarily fetched.
    repo.git('update-ref', '-d', 'refs/remotes/origin/main');
  });
  after(() => {
    repo.dispose();
    origin.dispose();
  });

  it('on a pull request: installs the packed CLI, checks against the base branch, hands SARIF to upload-sarif, fails on errors', () => {
    const run = runAction(repo.dir, { package: tgz, args: '--release-name basic-app' }, { base_ref: 'main' });
    const [install, check, upload, fail] = run.log;
    assert.equal(install.status, 0, install.output);
    assert.equal(check.status, 0, check.output);
    assert.match(check.output!, /charts\/basic-app\/templates\/configmap\.yaml:\d+:\d+: error hook-deletes-referenced-resource: /, 'the findings are in the log');
    assert.equal(run.outputs['exit-code'], '1');
    assert.equal(upload.ran, true);
    assert.equal(upload.uses, 'github/codeql-action/upload-sarif@v3');
    const sarifFile = path.join(repo.dir, upload.with!.sarif_file);
    assert.equal(upload.with!.sarif_file, run.outputs['sarif-file']);
    const log: { runs: { results: { ruleId: string }[] }[] } = JSON.parse(readFileSync(sarifFile, 'utf8'));
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors));
    assert.ok(log.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'hook-deletes-referenced-resource'));
    assert.equal(fail.ran, true);
    assert.equal(fail.status, 1, 'error findings fail the job');
    assert.equal(run.failed, true);
  });

  it('fail-on-error false reports without failing; a broken invocation fails with exit 2 and uploads nothing', () => {
    const soft = runAction(repo.dir, { package: tgz, args: '--release-name basic-app', 'fail-on-error': 'false' }, { base_ref: 'main' });
    assert.equal(soft.failed, false);
    assert.equal(soft.outputs['exit-code'], '1');
    const broken = runAction(repo.dir, { package: tgz, args: '--format-typo' }, { base_ref: 'main' });
    assert.equal(broken.failed, true);
    assert.equal(broken.log[1].status, 2, broken.log[1].output);
    assert.equal(broken.log[2].ran, false, 'no SARIF upload after a failure');
  });
});
