// What both benches share: statistics, a language server over stdio, peak memory, git.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
/** The checkout whose bins are measured: this one, or HHG_BENCH_TOOL. */
export const toolRoot = process.env.HHG_BENCH_TOOL || root;
const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

export const now = () => process.hrtime.bigint();
export const ms = (t0) => Number(now() - t0) / 1e6;
export const round = (x) => Math.round(x * 100) / 100;

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: round(at(0.5)), p95: round(at(0.95)) };
}

export function median(xs) {
  return stats(xs).median;
}

/** The node flags and environment the tool's VS Code client starts its server with (none before SERVER_NODE_ARGS and
 *  SERVER_ENV existed: a "before" checkout). */
function clientLaunch(tool) {
  try {
    const p = require(join(tool, 'out/protocol/src/index.js'));
    return { args: [...(p.SERVER_NODE_ARGS ?? [])], env: { ...(p.SERVER_ENV ?? {}) } };
  } catch {
    return { args: [], env: {} };
  }
}

/** A language server over stdio, recording publishDiagnostics. `env` adds to the server's environment; `tool` is the
 *  checkout whose server runs. */
export async function startServer(rootDir, settings = {}, env = {}, tool = toolRoot) {
  // HHG_BENCH_NODE_ARGS passes flags to the server's node (--cpu-prof, --heap-prof); HHG_BENCH_TOOL runs another
  // checkout's bins (a "before" tree), so that before and after alternate in one run.
  const launch = clientLaunch(tool);
  const nodeArgs = [...launch.args, ...(process.env.HHG_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const proc = spawn(process.execPath, [...nodeArgs, join(tool, 'bin/helm-hook-guard-ls'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...launch.env, ...process.env, ...env } });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const listeners = new Set();
  conn.onNotification('textDocument/publishDiagnostics', (p) => listeners.forEach((l) => l(p)));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => settings));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const rootUri = 'file://' + rootDir;
  const initialize = () =>
    conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { workspace: { configuration: true } },
    });
  return {
    proc,
    conn,
    rootUri,
    initialize,
    on: (l) => (listeners.add(l), () => listeners.delete(l)),
    async stop() {
      // Waits for the exit (a --cpu-prof profile is written then), for at most 5 s.
      const exited = new Promise((r) => proc.once('exit', r));
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      conn.dispose();
      proc.kill();
    },
  };
}

export function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return round(Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024);
}

/** CPU time (user + system) a process has used so far, in ms: a figure a busy machine distorts far less than wall time. */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name; in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export const git = (cwd, ...args) => execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@example.invalid', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
