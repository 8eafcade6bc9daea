// A minimal LSP client over stdio for protocol tests: spawns helm-hook-guard-ls and records what it publishes.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { REPO_ROOT, SAMPLE_CHART } from './charts';
import { tempRepo, type TempRepo } from './git';

export interface TestClient {
  connection: MessageConnection;
  process: ChildProcess;
  diagnostics: Map<string, PublishDiagnosticsParams>;
  statuses: unknown[];
  /** helmHookGuard/activity notifications, in order. */
  activity: { busy: boolean; title?: string }[];
  /** window/logMessage texts, in order. */
  logs: string[];
  /** What the server answered to initialize. */
  initializeResult?: { capabilities: Record<string, unknown> };
  settings: Record<string, unknown>;
  /** Resolves when `predicate` holds for the diagnostics of `uri` (checked on every publish). */
  waitForDiagnostics(uri: string, predicate: (d: Diagnostic[], version?: number) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Calls `listener` on every publishDiagnostics, in the order they arrive; returns a function that stops it. */
  onPublish(listener: (p: PublishDiagnosticsParams) => void): () => void;
  /** Polls until `condition` holds. */
  waitUntil(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** `env` adds to the server's environment (XDG_CACHE_HOME for a cache folder of the test's own). */
export async function startServer(rootDir: string, settings: Record<string, unknown> = {}, initializationOptions?: unknown, env: NodeJS.ProcessEnv = {}): Promise<TestClient> {
  const proc = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'helm-hook-guard-ls'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  proc.stderr!.on('data', (d) => {
    stderr += d;
  });
  const connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const waiters = new Set<() => void>();
  const publishListeners = new Set<(p: PublishDiagnosticsParams) => void>();
  const statuses: unknown[] = [];
  const activity: TestClient['activity'] = [];
  const logs: string[] = [];
  const client: TestClient = {
    connection,
    process: proc,
    diagnostics,
    statuses,
    activity,
    logs,
    settings,
    waitForDiagnostics(uri, predicate, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const d = diagnostics.get(uri);
          if (d && predicate(d.diagnostics, d.version)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(d.diagnostics);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for diagnostics of ${uri}; last: ${JSON.stringify(diagnostics.get(uri))}\n${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    onPublish(listener) {
      publishListeners.add(listener);
      return () => publishListeners.delete(listener);
    },
    async waitUntil(condition, what, timeoutMs = 10000) {
      const end = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      } catch {
        // already gone
      }
      connection.dispose();
      proc.kill();
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    for (const l of [...publishListeners]) l(p);
    for (const w of [...waiters]) w();
  });
  connection.onNotification('helmHookGuard/status', (s) => {
    statuses.push(s);
  });
  connection.onNotification('helmHookGuard/activity', (a) => {
    activity.push(a);
  });
  connection.onNotification('window/logMessage', (m: { message: string }) => void logs.push(m.message));
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => client.settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('$/progress', () => undefined);
  connection.listen();
  const rootUri = 'file://' + rootDir;
  client.initializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    initializationOptions,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
      window: { workDoneProgress: true },
      textDocument: { publishDiagnostics: { relatedInformation: true } },
    },
  });
  connection.sendNotification('initialized', {});
  return client;
}

/** The sample chart committed in a temporary repository, and a server on it. */
export interface SampleSession {
  repo: TempRepo;
  client: TestClient;
  uri(rel: string): string;
  /** Opens a file of the repository (its disk text unless given) and waits for the diagnostics of that version. */
  open(rel: string, text?: string): Promise<{ uri: string; text: string }>;
  dispose(): Promise<void>;
}

export async function sampleSession(
  opts: { prepare?: (repo: TempRepo) => void; settings?: Record<string, unknown>; initializationOptions?: unknown; git?: boolean } = {},
): Promise<SampleSession> {
  const repo = tempRepo({ 'basic-app': SAMPLE_CHART }, opts.git ?? true);
  if (opts.git ?? true) repo.commit('base');
  opts.prepare?.(repo);
  const client = await startServer(repo.dir, opts.settings ?? { releaseName: 'basic-app' }, opts.initializationOptions);
  const uri = (rel: string) => 'file://' + repo.dir + '/' + rel;
  return {
    repo,
    client,
    uri,
    async open(rel, text = repo.read(rel)) {
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'helm', version: 1, text } });
      await client.waitForDiagnostics(uri(rel), (_, v) => v === 1);
      return { uri: uri(rel), text };
    },
    async dispose() {
      await client.stop();
      repo.dispose();
    },
  };
}
