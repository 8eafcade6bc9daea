// helm-hook-guard plan: Helm's order of operations, on the sample and on a chart with many hooks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo } from '../helpers/git';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');
const plan = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, 'plan', ...args], { cwd, encoding: 'utf8' });

describe('helm-hook-guard plan', () => {
  it('on the sample: the ConfigMap is recreated by the pre-upgrade hook, then deleted', () => {
    const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    try {
      repo.commit('base');
      repo.write('basic-app/templates/configmap.yaml', withHook(repo.read('basic-app/templates/configmap.yaml')));
      const r = plan(repo.dir, 'basic-app', '--release-name', 'basic-app');
      assert.equal(r.status, 0, r.stderr);
      const upgrade = r.stdout.slice(0, r.stdout.indexOf('helm install'));
      const order = ['Ownership check', 'pre-upgrade hooks', '1. ConfigMap basic-app-config', '2. Job basic-app-migrate', 'then delete Job basic-app-migrate (hook-succeeded)', 'Apply the release manifest', 'update Deployment basic-app', 'Delete objects that left the release manifest', 'delete ConfigMap basic-app-config   ⚠ hook-deletes-referenced-resource', 'post-upgrade hooks'];
      let at = 0;
      for (const step of order) {
        const i = upgrade.indexOf(step, at);
        assert.ok(i >= at, `"${step}" missing or out of order in:\n${upgrade}`);
        at = i;
      }
      assert.match(r.stdout, /helm uninstall[\s\S]*Left in the cluster[^\n]*\n   ConfigMap basic-app-config/);
      const json = JSON.parse(plan(repo.dir, 'basic-app', '--format', 'json', '--release-name', 'basic-app').stdout);
      assert.deepEqual(json.operations.map((o: { name: string }) => o.name), ['upgrade', 'install', 'uninstall']);
    } finally {
      repo.dispose();
    }
  });

  it('orders hooks as Helm runs them: weight, then name, then kind (InstallOrder), then file order', () => {
    const repo = tempRepo();
    try {
      const hook = (kind: string, name: string, weight: string, extra = '') =>
        `apiVersion: ${kind === 'Job' ? 'batch/v1' : 'v1'}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  annotations:\n    "helm.sh/hook": pre-install${extra}\n    "helm.sh/hook-weight": "${weight}"\n    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded\n`;
      repo.write('c/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
      repo.write('c/templates/a.yaml', [hook('Job', 'same', '0'), hook('Secret', 'same', '0'), hook('ConfigMap', 'zeta', '-10')].join('---\n'));
      repo.write('c/templates/b.yaml', [hook('ConfigMap', 'alpha', '5'), hook('Pod', 'beta', '0'), hook('ServiceAccount', 'same', '0')].join('---\n'));
      const r = plan(repo.dir, 'c');
      const install = r.stdout.slice(r.stdout.indexOf('helm install'), r.stdout.indexOf('helm uninstall'));
      const hooks = [...install.matchAll(/^   \d+\. (\w+ \S+)/gm)].map((m) => m[1]);
      // -10 first; weight 0: beta < same (by name); the three "same" by kind: ServiceAccount, Secret, Job; then weight 5.
      assert.deepEqual(hooks, ['ConfigMap zeta', 'Pod beta', 'ServiceAccount same', 'Secret same', 'Job same', 'ConfigMap alpha']);
      const deletions = [...install.matchAll(/then delete (\w+ \S+)/g)].map((m) => m[1]);
      assert.deepEqual(deletions, [...hooks].reverse(), 'hook-succeeded deletions run in reverse order');
      // Helm 4 installs apply hooks server-side and do not wait for the before-hook-creation delete.
      assert.match(install, /Pod beta   ⚠ hook-recreate-race\n      weight 0, delete policy before-hook-creation,hook-succeeded: delete the existing object \(no wait for it to go\), apply \(server-side\), wait until it completes/);
      const h3 = plan(repo.dir, 'c', '--deployer', 'helm3').stdout;
      const install3 = h3.slice(h3.indexOf('helm install'), h3.indexOf('helm uninstall'));
      assert.match(install3, /Pod beta\n      weight 0, delete policy before-hook-creation,hook-succeeded: delete the existing object, create, wait until it completes/);
      assert.match(install3, /Secret same\n      weight 0, delete policy before-hook-creation,hook-succeeded: delete the existing object, create\n/);
    } finally {
      repo.dispose();
    }
  });
});
