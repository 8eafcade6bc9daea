// Temporary git repositories for CLI and protocol tests.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(rel: string, text: string): void;
  read(rel: string): string;
  commit(message: string): void;
  dispose(): void;
}

/** A temporary folder; a git repository unless `init` is false. Copies `charts` (name -> source folder) into it. */
export function tempRepo(charts: Record<string, string> = {}, init = true): TempRepo {
  const dir = mkdtempSync(path.join(tmpdir(), 'hhg-test-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
  if (init) git('init', '-q');
  for (const [name, src] of Object.entries(charts)) cpSync(src, path.join(dir, name), { recursive: true });
  return {
    dir,
    git,
    write(rel, text) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    },
    read: (rel) => readFileSync(path.join(dir, rel), 'utf8'),
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '-m', message);
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Gives `repo` a bare "origin" holding its main branch, then checks out `branch` tracking origin/main: a feature
 *  branch whose commits are not merged yet. Returns the bare repository's folder (removed with `repo.dispose()`). */
export function withOrigin(repo: TempRepo, branch = 'feature'): string {
  const bare = path.join(repo.dir, '.origin.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare], { stdio: 'ignore' });
  writeFileSync(path.join(repo.dir, '.git', 'info', 'exclude'), '.origin.git/\n');
  repo.git('remote', 'add', 'origin', bare);
  repo.git('push', '-q', '-u', 'origin', 'main');
  repo.git('checkout', '-q', '-b', branch, '--track', 'origin/main');
  return bare;
}

/** Chart `app` whose subchart `sub` (a ConfigMap, hooked when `sub.hook` is set, that a Deployment mounts) is ignored
 *  by git (`charts/*`, as kube-prometheus-stack ships it): committed without it, present in the working tree. */
export function commitIgnoredSubchart(repo: TempRepo): void {
  repo.write('app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n    repository: https://charts.example.invalid\n');
  repo.write('app/values.yaml', '');
  repo.write('app/.gitignore', 'charts/*\n');
  repo.write('app/charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 1.0.0\n');
  repo.write('app/charts/sub/values.yaml', 'hook: false\n');
  repo.write('app/charts/sub/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub-config\n{{- if .Values.hook }}\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n{{- end }}\n');
  repo.write('app/charts/sub/templates/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sub\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: busybox\n      volumes:\n        - name: v\n          configMap:\n            name: sub-config\n');
  repo.commit('chart without its subchart');
}
