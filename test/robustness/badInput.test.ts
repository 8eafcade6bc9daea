// Bad input never crashes the CLI or the analysis: it gets a located diagnostic or a clear message, and nothing is lost.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeChart } from '../../server/src/analysis/analyze';
import { readChart } from '../../server/src/workspace/files';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');
const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30000 });
const render = { releaseName: 'rel', namespace: 'ns' };

function analyzeFiles(files: Record<string, string>) {
  return analyzeChart({ chart: { files: new Map(Object.entries(files)) }, render }).findings;
}

const CHART = 'apiVersion: v2\nname: t\nversion: 0.1.0\n';

describe('bad templates and YAML', () => {
  it('a syntax error is located in the template, and other templates are still analysed', () => {
    const findings = analyzeFiles({
      'Chart.yaml': CHART,
      'templates/broken.yaml': 'kind: ConfigMap\nmetadata:\n  name: {{ .Values.x }\n',
      'templates/ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    "helm.sh/hook": pre-install,\n',
    });
    const broken = findings.find((f) => f.rule === 'template-render-error')!;
    assert.equal(broken.location.path, 'templates/broken.yaml');
    assert.equal(broken.location.range.start.line, 2);
    assert.match(broken.message, /^parse error at \(t\/templates\/broken.yaml:3\): /);
    assert.ok(findings.some((f) => f.rule === 'hook-event-unknown' && f.location.path === 'templates/ok.yaml'));
  });

  it('invalid rendered YAML is located at the bad line', () => {
    const [f] = analyzeFiles({ 'Chart.yaml': CHART, 'templates/x.yaml': 'kind: ConfigMap\nmetadata:\n  name: [unclosed\n' }).filter((x) => x.rule === 'manifest-invalid');
    assert.equal(f.location.path, 'templates/x.yaml');
    assert.match(f.message, /Rendered YAML is invalid/);
  });

  it('invalid Chart.yaml and values.yaml give located errors, not crashes', () => {
    const a = analyzeFiles({ 'Chart.yaml': 'name: [\n', 'templates/x.yaml': 'kind: A\n' });
    assert.ok(a.some((f) => f.severity === 'error' && f.location.path === 'Chart.yaml'), JSON.stringify(a));
    const b = analyzeFiles({ 'Chart.yaml': CHART, 'values.yaml': 'a: b: c\n', 'templates/x.yaml': 'kind: A\n' });
    assert.ok(b.some((f) => f.severity === 'error' && f.location.path === 'values.yaml'), JSON.stringify(b));
  });

  it('a YAML alias bomb in values is bounded', () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + 'bcdefghij'.split('').map((c, i) => `${c}: &${c} [*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]}]`).join('\n') + '\n';
    const t0 = Date.now();
    const findings = analyzeFiles({ 'Chart.yaml': CHART, 'values.yaml': bomb, 'templates/x.yaml': 'n: {{ len .Values.j }}\n' });
    assert.ok(Date.now() - t0 < 5000, 'alias expansion must be bounded');
    assert.ok(findings.some((f) => f.severity === 'error'), JSON.stringify(findings));
  });

  it('a chart without templates is fine', () => {
    assert.deepEqual(analyzeFiles({ 'Chart.yaml': CHART }), []);
  });

  it('BOM and CRLF files render like their plain forms', () => {
    const plain = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    "helm.sh/hook": pre-instal\n';
    const crlf = plain.replace(/\n/g, '\r\n');
    const a = analyzeFiles({ 'Chart.yaml': CHART, 'templates/x.yaml': plain });
    const b = analyzeFiles({ 'Chart.yaml': CHART, 'templates/x.yaml': crlf });
    assert.deepEqual(b.map((f) => [f.rule, f.location.range.start.line]), a.map((f) => [f.rule, f.location.range.start.line]));
  });
});

describe('bad files on disk', () => {
  let repo: TempRepo;
  before(() => {
    repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    repo.commit('base');
    const chart = path.join(repo.dir, 'basic-app');
    writeFileSync(path.join(chart, 'templates', 'configmap.yaml'), withHook(repo.read('basic-app/templates/configmap.yaml')));
    writeFileSync(path.join(chart, 'templates', 'binary.yaml'), Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x02]));
    writeFileSync(path.join(chart, 'templates', 'latin1.yaml'), Buffer.from('# caf\xe9\nkind: ConfigMap\n', 'latin1'));
    writeFileSync(path.join(chart, 'templates', 'bom.yaml'), '\ufeff# a comment\n');
    writeFileSync(path.join(chart, 'big.txt'), 'x'.repeat(6 * 1024 * 1024));
    mkdirSync(path.join(chart, 'loop'));
    symlinkSync('..', path.join(chart, 'loop', 'again'));
    symlinkSync('/etc', path.join(chart, 'outside'));
    mkdirSync(path.join(chart, 'charts'), { recursive: true });
    writeFileSync(path.join(chart, 'charts', 'corrupt-1.0.0.tgz'), Buffer.from('not a gzip archive'));
  });
  after(() => repo.dispose());

  it('reads the chart: symlink loops and links out of the chart are not followed, big files are skipped with a notice', async () => {
    const chart = await readChart(path.join(repo.dir, 'basic-app'));
    assert.ok(!chart.files.files.has('outside/passwd'));
    assert.ok([...chart.files.files.keys()].every((k) => !k.startsWith('loop/again/loop')));
    assert.deepEqual(chart.skipped.map((s) => s.path), ['big.txt']);
  });

  it('the CLI still catches the hook, reports a corrupt archive, and exits like a compiler', () => {
    const r = cli(repo.dir, 'check', 'basic-app', '--release-name', 'basic-app');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /error hook-deletes-referenced-resource/);
    assert.match(r.stdout + r.stderr, /corrupt-1\.0\.0\.tgz/);
    assert.match(r.stderr, /big\.txt: skipped \(larger than/);
  });
});

describe('YAML that Helm accepts', () => {
  it('duplicate keys are not an error, and the last one wins (go-yaml)', () => {
    const findings = analyzeFiles({
      'Chart.yaml': CHART,
      'templates/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook": pre-instal\ndata:\n  a: 1\n  a: 2\n',
    });
    assert.ok(!findings.some((f) => f.rule === 'manifest-invalid'), JSON.stringify(findings));
    assert.ok(findings.some((f) => f.rule === 'hook-event-unknown'), 'the last hook annotation is the one Helm reads');
  });
});
