// CLI conventions chart authors expect: Helm's value flags (checked against the real helm template), --rule,
// --quiet, colour on a terminal, --format codeclimate, and `check` without arguments.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';
import { helmBinary } from '../helpers/helm';
import { VERSION } from '../../server/src/version';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');
const cli = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env } });

const TYPES_CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: types\nversion: 0.1.0\n',
  'values.yaml': 'a: 1\nb: x\nnested:\n  keep: yes\n',
  'templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-types
  namespace: {{ .Release.Namespace }}
data:
  a: {{ printf "%s %v" (kindOf .Values.a) .Values.a | quote }}
  b: {{ printf "%s %v" (kindOf .Values.b) .Values.b | quote }}
  list: {{ printf "%v" .Values.list | quote }}
  file: {{ .Values.file | quote }}
  fromValues: {{ .Values.fromValues | quote }}
  nested: {{ toJson .Values.nested | quote }}
  kube: {{ .Capabilities.KubeVersion.Version | quote }}
  kubeMinor: {{ .Capabilities.KubeVersion.Minor | quote }}
  monitoring: {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" | quote }}
`,
};

describe('Helm value flags, as helm template reads them', () => {
  let repo: TempRepo;
  before(() => {
    repo = tempRepo({}, false);
    for (const [f, t] of Object.entries(TYPES_CHART)) repo.write(`types/${f}`, t);
    repo.write('extra.yaml', 'fromValues: one\nb: from-file\n');
    repo.write('more.yaml', 'fromValues: two\n');
    repo.write('cert.pem', '-----BEGIN X-----\nline, with comma \\ and backslash\n-----END X-----\n');
  });
  after(() => repo.dispose());

  const flagSets: string[][] = [
    ['--set', 'a=123', '--set-string', 'b=456'],
    ['--set-string', 'a=true,b=null', '--set', 'list={1,x,true}'],
    ['-f', 'extra.yaml', '--values', 'more.yaml', '--set', 'b=set-wins'],
    ['-f', 'extra.yaml,more.yaml'],
    ['--set-file', 'file=cert.pem', '--set-string', 'file=not-this'],
    ['--set', 'nested.keep=null', '--set', 'nested.x[1]=7'],
    ['--kube-version', '1.34', '--api-versions', 'monitoring.coreos.com/v1'],
    ['--kube-version', 'v1.29.3', '-n', 'prod', '--release-name', 'rel'],
  ];
  for (const flags of flagSets) {
    it(`render ${flags.join(' ')} = helm template`, () => {
      const ours = cli(repo.dir, ['render', 'types', ...flags]);
      const rn = flags.includes('--release-name') ? flags[flags.indexOf('--release-name') + 1] : 'release-name';
      const ns = flags.includes('-n') ? flags[flags.indexOf('-n') + 1] : 'default';
      const rest = flags.filter((f, i) => !['--release-name', '-n'].includes(f) && !['--release-name', '-n'].includes(flags[i - 1]));
      const helm = spawnSync(helmBinary(), ['template', rn, 'types', '--namespace', ns, ...rest], { cwd: repo.dir, encoding: 'utf8' });
      assert.equal(helm.status, 0, helm.stderr);
      assert.equal(ours.status, 0, ours.stderr);
      assert.equal(ours.stdout, helm.stdout);
    });
  }

  it('bad flags: located messages, exit 2', () => {
    for (const [args, message] of [
      [['--set-file', 'file=missing.pem'], /--set-file file: cannot read missing\.pem: ENOENT/],
      [['--set-file', 'nokey'], /--set-file takes key=path/],
      [['-f', 'missing.yaml'], /cannot read values file missing\.yaml: ENOENT/],
      [['--kube-version', 'latest'], /--kube-version "latest" is not a version/],
    ] as [string[], RegExp][]) {
      const r = cli(repo.dir, ['render', 'types', ...args]);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });
});

describe('check conventions', () => {
  let repo: TempRepo;
  const CM = 'apps/basic-app/templates/configmap.yaml';
  before(() => {
    repo = tempRepo({ 'apps/basic-app': SAMPLE_CHART, 'apps/other': SAMPLE_CHART, 'apps/umbrella': SAMPLE_CHART });
    // A vendored subchart belongs to its parent: never a chart of its own.
    repo.write('apps/umbrella/charts/vendored/Chart.yaml', 'apiVersion: v2\nname: vendored\nversion: 1.0.0\n');
    repo.write('apps/umbrella/charts/vendored/templates/bad.yaml', '{{ fail "rendered as part of umbrella only" }}\n');
    repo.write('README.md', '# charts\n');
    repo.commit('base');
    repo.write(CM, withHook(repo.read(CM)));
  });
  after(() => repo.dispose());

  it('without a chart argument: every chart under the current folder, subcharts with their parent', () => {
    const r = cli(repo.dir, ['check', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const charts = new Set(JSON.parse(r.stdout).findings.map((f: { chart: string }) => f.chart));
    assert.ok(charts.has('apps/basic-app'));
    assert.ok(charts.has('apps/umbrella'), 'the umbrella, with its vendored subchart rendered inside it');
    assert.ok(![...charts].some((c) => String(c).includes('vendored')));
    const sub = cli(path.join(repo.dir, 'apps'), ['check', '--format', 'json']);
    assert.equal(sub.status, 1);
  });

  it('files stand for their charts (as pre-commit passes them); files outside charts are skipped', () => {
    const r = cli(repo.dir, ['check', CM, 'apps/basic-app/values.yaml', 'README.md', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const charts = new Set(JSON.parse(r.stdout).findings.map((f: { chart: string }) => f.chart));
    assert.deepEqual([...charts], ['apps/basic-app']);
    const none = cli(repo.dir, ['check', 'README.md']);
    assert.equal(none.status, 0, none.stderr);
  });

  it('--rule changes severities (repeatable), "off" silences', () => {
    const r = cli(repo.dir, ['check', 'apps/basic-app', '--format', 'json', '--rule', 'hook-deletes-referenced-resource=warning', '--rule', 'hook-uses-regular-resource=off']);
    assert.equal(r.status, 0, 'no error left');
    const findings = JSON.parse(r.stdout).findings;
    assert.equal(findings.find((f: { rule: string }) => f.rule === 'hook-deletes-referenced-resource').severity, 'warning');
    assert.ok(!findings.some((f: { rule: string }) => f.rule === 'hook-uses-regular-resource'));
  });

  it('--quiet: error findings only, no summary, no notices', () => {
    const r = cli(repo.dir, ['check', 'apps/basic-app', '--quiet', '--base', 'no-such-ref']);
    assert.equal(r.stderr, '');
    const loud = cli(repo.dir, ['check', 'apps/basic-app']);
    const q = cli(repo.dir, ['check', 'apps/basic-app', '-q']);
    assert.equal(q.status, 1);
    assert.ok(loud.stdout.split('\n').some((l) => / info /.test(l)));
    assert.ok(q.stdout.trim().split('\n').every((l) => / error hook-deletes-referenced-resource: /.test(l) || l.startsWith('  ')), q.stdout);
    const clean = cli(repo.dir, ['check', 'apps/other', '-q']);
    assert.equal(clean.stdout, '');
  });

  it('colour on a terminal (through script(1)), not with --no-color, NO_COLOR or a pipe', () => {
    const run = (extra: string, env: NodeJS.ProcessEnv = {}) =>
      spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} check apps/basic-app ${extra}`, '/dev/null'], { cwd: repo.dir, encoding: 'utf8', env: { ...process.env, TERM: 'xterm', NO_COLOR: '', ...env } });
    const tty = run('');
    assert.equal(tty.status, 1, tty.stderr);
    assert.match(tty.stdout, /\x1b\[1;31merror\x1b\[0m/);
    assert.doesNotMatch(run('--no-color').stdout, /\x1b\[/);
    assert.doesNotMatch(run('', { NO_COLOR: '1' }).stdout, /\x1b\[/);
    assert.doesNotMatch(cli(repo.dir, ['check', 'apps/basic-app']).stdout, /\x1b\[/);
  });

  it('--format codeclimate: GitLab Code Quality issues with stable fingerprints', () => {
    const a = JSON.parse(cli(repo.dir, ['check', 'apps/basic-app', '--format', 'codeclimate']).stdout);
    assert.ok(Array.isArray(a) && a.length > 0);
    for (const i of a) {
      assert.equal(typeof i.description, 'string');
      assert.equal(typeof i.check_name, 'string');
      assert.match(i.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity));
      assert.match(i.location.path, /^apps\/basic-app\//);
      assert.ok(i.location.positions.begin.line >= 1);
    }
    assert.equal(new Set(a.map((i: { fingerprint: string }) => i.fingerprint)).size, a.length);
    const hit = a.find((i: { check_name: string }) => i.check_name === 'hook-deletes-referenced-resource');
    assert.equal(hit.severity, 'critical');
    assert.equal(hit.location.path, CM);
    // A line shift above the finding keeps its fingerprint.
    repo.write(CM, '# a comment\n' + repo.read(CM));
    try {
      const b = JSON.parse(cli(repo.dir, ['check', 'apps/basic-app', '--format', 'codeclimate']).stdout);
      const moved = b.find((i: { check_name: string }) => i.check_name === 'hook-deletes-referenced-resource');
      assert.equal(moved.fingerprint, hit.fingerprint);
      assert.equal(moved.location.positions.begin.line, hit.location.positions.begin.line + 1);
    } finally {
      repo.write(CM, repo.read(CM).replace(/^# a comment\n/, ''));
    }
  });

  it('--version prints the version', () => {
    const r = cli(repo.dir, ['--version']);
    assert.equal(r.stdout, VERSION + '\n');
  });
});
