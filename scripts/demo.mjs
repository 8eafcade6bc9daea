// npm run demo: commit the sample chart in a throwaway git repository, turn its mounted ConfigMap into a hook in the
// working tree (the mistake), and let the CLI catch it. Exits 0 when the finding is there.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const work = mkdtempSync(join(tmpdir(), 'helm-hook-guard-demo-'));
const git = (...args) => execFileSync('git', args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

try {
  cpSync(join(root, 'samples', 'basic-app'), join(work, 'basic-app'), { recursive: true });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=demo', '-c', 'user.email=demo@example.invalid', 'commit', '-q', '-m', 'basic-app: regular ConfigMap');

  const file = join(work, 'basic-app', 'templates', 'configmap.yaml');
  const text = readFileSync(file, 'utf8');
  const hooked = text.replace(
    /^(  name: .*-config\n)/m,
    `$1  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-weight": "-5"\n    "helm.sh/hook-delete-policy": before-hook-creation\n`,
  );
  writeFileSync(file, hooked);

  console.log('The committed chart has a regular ConfigMap mounted by the Deployment. In the working tree it became a hook:\n');
  console.log(git('diff', '--no-color').trimEnd() + '\n');
  console.log('$ helm-hook-guard check basic-app --release-name basic-app\n');
  const run = spawnSync(process.execPath, [join(root, 'bin', 'helm-hook-guard'), 'check', 'basic-app', '--release-name', 'basic-app'], {
    cwd: work,
    encoding: 'utf8',
  });
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  const caught = run.status === 1 && run.stdout.includes('hook-deletes-referenced-resource');
  console.log(caught ? '\nCaught: helm upgrade would have deleted the ConfigMap.' : `\nNot caught (exit ${run.status}).`);
  process.exitCode = caught ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
