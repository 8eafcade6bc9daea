// `--daemon`: the CLI's commands served by a process that stays, as eslint_d serves ESLint's. A call then costs Node's
// start and a small client (bin/daemon-client.js) instead of loading the bundle and rendering in a cold V8. The daemon
// runs each request through the same `main` as an in-process call, one at a time, and ends after it has been idle.
import { promises as fs } from 'node:fs';
import * as net from 'node:net';

export interface DaemonRequest {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  tty: boolean;
}

/** What a request wrote, in order (1 stdout, 2 stderr), then its exit status. */
export type DaemonReply = { chunks: [1 | 2, string][]; code: number };

export type Run = (argv: string[], out: (s: string) => void, err: (s: string) => void, cwd: string, context: { env: NodeJS.ProcessEnv; tty: boolean }) => Promise<number>;

/** Ends after this long without a request (HELM_HOOK_GUARD_DAEMON_IDLE_MS overrides). */
const IDLE_MS = 15 * 60_000;

/** Listens on `socket` until idle; resolves when it has stopped. */
export async function serve(socket: string, run: Run, idleMs = Number(process.env.HELM_HOOK_GUARD_DAEMON_IDLE_MS) || IDLE_MS): Promise<void> {
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const server = net.createServer((conn) => {
    let buffer = '';
    conn.setEncoding('utf8');
    conn.on('error', () => undefined);
    conn.on('data', (d: string) => {
      buffer += d;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      const line = buffer.slice(0, nl);
      buffer = '';
      let request: DaemonRequest | { stop: true };
      try {
        request = JSON.parse(line);
      } catch {
        conn.end();
        return;
      }
      if ('stop' in request) {
        conn.end(JSON.stringify({ chunks: [], code: 0 }) + '\n');
        void stop();
        return;
      }
      const r = request;
      queue = queue.then(async () => {
        clearTimeout(timer);
        const chunks: [1 | 2, string][] = [];
        let code: number;
        try {
          code = await run(r.argv, (s) => chunks.push([1, s]), (s) => chunks.push([2, s + '\n']), r.cwd, { env: r.env, tty: r.tty });
        } catch (e) {
          chunks.push([2, `helm-hook-guard: ${(e as Error).message}\n`]);
          code = 2;
        }
        if (!conn.destroyed) conn.end(JSON.stringify({ chunks, code } satisfies DaemonReply) + '\n');
        idle();
      });
    });
  });
  const idle = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void stop(), idleMs);
    timer.unref();
  };
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      server.close(() => resolve());
    }));
  // A socket left by a daemon that died: nothing answers on it, so it is taken over.
  if (process.platform !== 'win32') await fs.rm(socket, { force: true }).catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (process.platform !== 'win32') await fs.chmod(socket, 0o600).catch(() => undefined);
  idle();
  await new Promise<void>((resolve) => server.once('close', resolve));
  await stopped;
}
