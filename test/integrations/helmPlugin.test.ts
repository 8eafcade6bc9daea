// The Helm plugin (plugin.yaml at the root), installed and run by the real Helm 3.17 and Helm 4.1 binaries.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo } from '../helpers/git';
import { helm4Binary, helmBinary } from '../helpers/helm';

for (const [name, binary] of [['Helm 3', helmBinary], ['Helm 4', helm4Binary]] as const) {
  describe(`helm hook-guard (${name})`, () => {
    it('helm plugin install <checkout>, then helm hook-guard check; -n reaches it as HELM_NAMESPACE; exit codes pass through', () => {
      const home = mkdtempSync(path.join(tmpdir(), 'hhg-helm-home-'));
      const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
      try {
        const env = {
          ...process.env,
          HELM_DATA_HOME: path.join(home, 'data'),
          HELM_CONFIG_HOME: path.join(home, 'config'),
          HELM_CACHE_HOME: path.join(home, 'cache'),
          // The plugin's command is a Node script: node must be on PATH, as it is for chart authors who installed it.
          PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
          NO_COLOR: '1',
        };
        const helm = (...args: string[]) => spawnSync(binary(), args, { cwd: repo.dir, env, encoding: 'utf8' });
        const install = helm('plugin', 'install', REPO_ROOT);
        assert.equal(install.status, 0, install.stderr + install.stdout);
        assert.match(helm('plugin', 'list').stdout, /^hook-guard\s+0\.1\.0/m);

        repo.commit('base');
        const CM = 'basic-app/templates/configmap.yaml';
        repo.write(CM, withHook(repo.read(CM)));
        const r = helm('hook-guard', 'check', 'basic-app', '--format', 'json', '-n', 'prod', '--release-name', 'basic-app');
        assert.equal(r.status, 1, r.stderr);
        const hit = JSON.parse(r.stdout).findings.find((f: { rule: string }) => f.rule === 'hook-deletes-referenced-resource');
        assert.deepEqual(hit.resource, { kind: 'ConfigMap', name: 'basic-app-config', namespace: 'prod' });
        const text = helm('hook-guard', 'check', 'basic-app');
        assert.match(text.stdout, /error hook-deletes-referenced-resource: /);
        const usage = helm('hook-guard', 'check', 'basic-app', '--format', 'xml');
        assert.equal(usage.status, 2, 'a usage error stays exit 2 through helm');
        assert.match(usage.stderr, /unknown format "xml"/);
        repo.commit('hook');
        assert.equal(helm('hook-guard', 'check', 'basic-app').status, 0);
        assert.match(helm('hook-guard', 'plan', 'basic-app').stdout, /helm upgrade/);
      } finally {
        rmSync(home, { recursive: true, force: true });
        repo.dispose();
      }
    });
  });
}
