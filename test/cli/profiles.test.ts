// The profile flags of check, render and plan: --deployer (helm kept as helm4), --apply-mode, --kube-version and
// repeatable --api-versions, as `helm template` takes them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/charts';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'charts');
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
const cliIn = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

describe('profile flags', () => {
  const versions = path.join(FIXTURES, 'helm-versions-capabilities-kind-order');

  it('render follows the profile: Helm 4 by default, Helm 3 with --deployer helm3', () => {
    const h4 = cli('render', versions);
    assert.equal(h4.status, 0, h4.stderr);
    assert.match(h4.stdout, /helm: "v4\.1\.4"/);
    assert.match(h4.stdout, /kube: "v1\.35\.0"/);
    const h3 = cli('render', versions, '--deployer', 'helm3');
    assert.match(h3.stdout, /helm: "v3\.17\.3"/);
    assert.equal(cli('render', versions, '--deployer', 'helm').stdout, h4.stdout);
    assert.equal(cli('render', versions, '--deployer', 'flux').stdout, h4.stdout);
  });

  it('--kube-version and repeated or comma-separated --api-versions', () => {
    const r = cli('render', path.join(FIXTURES, 'helm-versions-flags'), '--kube-version', '1.30', '--api-versions', 'batch/v1/CronJob', '-a', 'monitoring.coreos.com/v1,cert-manager.io/v1');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /kind: CronJob/);
    assert.match(r.stdout, /kube: "v1\.30"/);
    assert.match(r.stdout, /certManager: "true"/);
    assert.doesNotMatch(cli('render', path.join(FIXTURES, 'helm-versions-flags')).stdout, /kind: CronJob/);
  });

  it('a bad --kube-version is a usage error', () => {
    const r = cli('render', versions, '--kube-version', 'x1');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--kube-version "x1" is not a version/);
  });

  it('Helm 4 refuses a chart of apiVersion v3; Helm 3 renders it', () => {
    const v3 = path.join(FIXTURES, 'chart-apiversion-v3');
    assert.match(cli('render', v3).stderr, /^Error: invalid chart apiVersion/);
    assert.equal(cli('render', v3, '--deployer', 'helm3').status, 0);
  });

  it('check and plan take the profile; usage errors name the choices', () => {
    const chart = path.join(REPO_ROOT, 'samples', 'basic-app');
    const plan = cli('plan', chart, '--deployer', 'helm4', '--apply-mode', 'server-side', '--format', 'json');
    assert.equal(plan.status, 0, plan.stderr);
    assert.deepEqual(JSON.parse(plan.stdout).deployer, { profile: 'helm4', applyMode: 'server-side', auto: false, label: 'helm4, server-side' });
    assert.match(cli('plan', chart).stdout, /profile helm4 \(auto\)/);
    assert.equal(cli('check', chart, '--deployer', 'argocd', '--kube-version', 'v1.31.0', '-a', 'x/v1').status, 0);
    const bad = cli('check', chart, '--deployer', 'helm2');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown deployer "helm2" \(auto, helm, helm4, helm3, flux, argocd\)/);
    assert.match(cli('check', chart, '--apply-mode', 'ssa').stderr, /unknown apply mode "ssa" \(auto, server-side, client-side\)/);
  });

  it('applyMode and flux come from .helm-hook-guard.yaml; --apply-mode overrides the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hhg-flux-'));
    try {
      const chart = path.join(dir, 'app');
      mkdirSync(path.join(chart, 'templates'), { recursive: true });
      writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
      writeFileSync(path.join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\ndata:\n  k: v\n');
      writeFileSync(
        path.join(chart, 'templates', 'deploy.yaml'),
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: x}]\n      volumes: [{name: v, configMap: {name: shared}}]\n',
      );
      writeFileSync(path.join(dir, '.helm-hook-guard.yaml'), 'deployer: flux\napplyMode: server-side\nflux:\n  install: {disableHooks: true}\n  upgrade: {disableHooks: true}\n');
      const plan = cliIn(dir, 'plan', 'app', '--format', 'json');
      assert.equal(plan.status, 0, plan.stderr);
      assert.equal(JSON.parse(plan.stdout).deployer.label, 'flux, server-side, no install/upgrade hooks');
      assert.equal(JSON.parse(cliIn(dir, 'plan', 'app', '--format', 'json', '--apply-mode', 'client-side').stdout).deployer.label, 'flux, client-side, no install/upgrade hooks');
      const check = cliIn(dir, 'check', 'app', '--format', 'json');
      const never = JSON.parse(check.stdout).findings.filter((f: { rule: string }) => f.rule === 'reference-not-in-chart');
      assert.equal(never.length, 1, check.stdout);
      assert.equal(never[0].severity, 'error');
      assert.match(never[0].message, /never created: a hook, and Flux disables hooks \(install, upgrade\)/);
      assert.equal(check.status, 1);
      // The same settings read from the HelmRelease manifest, also through --config.
      writeFileSync(path.join(dir, 'hr.yaml'), 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: app}\nspec:\n  install: {disableHooks: true}\n  upgrade: {disableHooks: true}\n');
      writeFileSync(path.join(dir, 'alt.yaml'), 'deployer: flux\nflux: {helmRelease: hr.yaml}\n');
      const viaHr = cliIn(dir, 'check', 'app', '--format', 'json', '--config', 'alt.yaml');
      assert.equal(JSON.parse(viaHr.stdout).findings.filter((f: { rule: string }) => f.rule === 'reference-not-in-chart').length, 1, viaHr.stderr);
      writeFileSync(path.join(dir, 'alt.yaml'), 'deployer: flux\nflux: {helmRelease: nope.yaml}\n');
      const missing = cliIn(dir, 'check', 'app', '--config', 'alt.yaml');
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /alt\.yaml:2:21: error: flux\.helmRelease: nope\.yaml: cannot read it/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
