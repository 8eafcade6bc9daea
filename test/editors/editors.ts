// Shared by the headless-editor tests: find the editor (a missing one fails the test, unless HHG_SKIP_EDITORS=1),
// run it in its own process group with a deadline, and keep its home folders out of the user's.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import * as path from 'node:path';

/** The absolute path of `bin` on PATH, or undefined. */
export function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, bin);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const SKIP_EDITORS = process.env.HHG_SKIP_EDITORS === '1';

/**
 * The editor binary. When it is missing the test fails with how to install it; with HHG_SKIP_EDITORS=1 it is
 * skipped instead (`t.skip` and undefined).
 */
export function requireEditor(t: { skip(message?: string): void }, bin: string, install: string): string | undefined {
  const found = which(bin);
  if (found) return found;
  const why = `${bin} is not installed (${install}, or bash scripts/install-real-clients.sh)`;
  if (SKIP_EDITORS) {
    t.skip(`${why}; skipped because HHG_SKIP_EDITORS=1`);
    return undefined;
  }
  throw new Error(`${why}. Set HHG_SKIP_EDITORS=1 to skip the editor tests.`);
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** Runs a command in its own process group; on the deadline the whole group is killed (the server with it). */
export function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(); // a server the editor left behind
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/** An environment whose HOME and XDG folders live under `dir`, so no user configuration or state leaks in or out. */
export function isolatedEnv(dir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const home = path.join(dir, 'home');
  for (const d of ['config', 'cache', 'data', 'state']) mkdirSync(path.join(home, '.' + d), { recursive: true });
  return {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.data'),
    XDG_STATE_HOME: path.join(home, '.state'),
    ...extra,
  };
}
