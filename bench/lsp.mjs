// The language server over stdio for the bench: spawn, initialize, publishDiagnostics listeners, resident memory.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

export const now = () => process.hrtime.bigint();
export const ms = (t0) => Number(now() - t0) / 1e6;
export const round = (x) => Math.round(x * 100) / 100;
export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: round(at(0.5)), p95: round(at(0.95)), max: round(s[s.length - 1] ?? 0) };
}

export const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** Resident and peak resident memory of a process, in MB. */
export function memoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]);
  return { rss: round(kb('VmRSS') / 1024), peak: round(kb('VmHWM') / 1024) };
}

/** CPU time a process (all its threads) has used so far, in ms: user + system, from /proc (clock ticks of 10 ms). */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A language server over stdio, recording publishDiagnostics. */
export async function startServer(rootDir, settings = {}, capabilities = { workspace: { configuration: true } }) {
  // HHG_BENCH_NODE_ARGS passes flags to the server's node, e.g. --cpu-prof to see where the time goes.
  const nodeArgs = (process.env.HHG_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, join(root, 'bin/helm-hook-guard-ls'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const listeners = new Set();
  conn.onNotification('textDocument/publishDiagnostics', (p) => listeners.forEach((l) => l(p)));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => settings));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('$/progress', () => undefined);
  conn.onNotification('window/logMessage', () => undefined);
  conn.onNotification('helmHookGuard/status', () => undefined);
  conn.listen();
  const rootUri = 'file://' + rootDir;
  const initialize = () =>
    conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities });
  return {
    proc,
    conn,
    rootUri,
    initialize,
    on: (l) => (listeners.add(l), () => listeners.delete(l)),
    /** Resolves with the diagnostics of `uri` at `version`. */
    published(uri, version) {
      return new Promise((resolve) => {
        const off = this.on((p) => p.uri === uri && p.version === version && (off(), resolve(p.diagnostics)));
      });
    },
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      conn.dispose();
      proc.kill();
    },
  };
}
