'use strict';
// The client side of `--daemon` (server/src/cli/daemon.ts): sends the call to the daemon of this build and
// environment, starting one when none answers, and writes what it replies. Small on purpose: it is all a call loads.
// Resolves to the exit status, or undefined when no daemon could serve (the caller then runs the call itself).
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

function cacheDir(env) {
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'helm-hook-guard');
}

// What git sets for a hook and no read of commits, trees or blobs uses: the author and committer (GIT_AUTHOR_DATE
// changes every second, so a pre-commit hook would start a daemon per commit), the editor, the index, the prefix.
const UNREAD_GIT = /^GIT_(AUTHOR_|COMMITTER_|EDITOR$|SEQUENCE_EDITOR$|INDEX_FILE$|PREFIX$|REFLOG_ACTION$|PAGER$)/;

/** One daemon per build, Node, user, cache folder and the environment git and the template functions read. */
function socketOf(bundle, env) {
  let stat;
  try {
    stat = fs.statSync(bundle);
  } catch {
    return undefined;
  }
  const read = Object.keys(env).filter((k) => /^(GIT_|TZ$|HOME$|PATH$|XDG_CONFIG_HOME$)/.test(k) && !UNREAD_GIT.test(k)).sort().map((k) => `${k}=${env[k]}`);
  const dir = cacheDir(env);
  const id = crypto
    .createHash('sha256')
    .update(JSON.stringify([process.version, process.arch, bundle, stat.size, stat.mtimeMs, os.userInfo().uid, dir, read]))
    .digest('hex')
    .slice(0, 20);
  if (process.platform === 'win32') return `\\\\.\\pipe\\helm-hook-guard-${id}`;
  const socket = path.join(dir, 'daemon', `${id}.sock`);
  if (Buffer.byteLength(socket) > 100) return undefined; // beyond what a Unix socket's address holds
  try {
    fs.mkdirSync(path.dirname(socket), { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  return socket;
}

/** One request and its reply; undefined when nothing answers or the answer is cut. */
function ask(socket, message) {
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    let data = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(JSON.stringify(message) + '\n'));
    conn.on('data', (d) => (data += d));
    conn.on('error', () => resolve(undefined));
    conn.on('close', () => {
      try {
        const reply = JSON.parse(data);
        resolve(reply && Array.isArray(reply.chunks) && typeof reply.code === 'number' ? reply : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every daemon of the cache folder, whatever build or environment started it (a git hook's PATH is not the shell's);
 *  a socket nothing answers on is a daemon that died, and goes. */
async function stopAll(socket) {
  let names = [];
  if (process.platform !== 'win32') {
    try {
      names = fs.readdirSync(path.dirname(socket)).filter((n) => n.endsWith('.sock'));
    } catch {
      // no daemon folder: none ever ran
    }
  }
  const sockets = process.platform === 'win32' ? [socket] : names.map((n) => path.join(path.dirname(socket), n));
  await Promise.all(
    sockets.map(async (s) => {
      if ((await ask(s, { stop: true })) !== undefined || process.platform === 'win32') return;
      try {
        if (!(await answers(s))) fs.unlinkSync(s);
      } catch {
        // gone meanwhile
      }
    }),
  );
}

/** Whether something accepts a connection on `socket`. */
function answers(socket) {
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    conn.on('connect', () => (conn.destroy(), resolve(true)));
    conn.on('error', () => resolve(false));
  });
}

async function run(argv, bundle, bin) {
  const env = process.env;
  const socket = socketOf(bundle, env);
  if (argv[0] === 'daemon') {
    if (argv[1] !== 'stop' || argv.length > 2) {
      process.stderr.write('helm-hook-guard: usage: helm-hook-guard daemon stop\n');
      return 2;
    }
    if (socket) await stopAll(socket); // none running, or none possible: nothing to stop
    return 0;
  }
  if (!socket) return undefined;
  const request = { argv, cwd: process.cwd(), env, tty: !!process.stdout.isTTY };
  let reply = await ask(socket, request);
  if (!reply) {
    try {
      spawn(process.execPath, [bin, '__daemon', socket], { detached: true, stdio: 'ignore', env, cwd: os.homedir(), windowsHide: true }).unref();
    } catch {
      return undefined;
    }
    for (let waited = 0; !reply && waited < 5000; waited += 50) {
      await sleep(50);
      reply = await ask(socket, request);
    }
  }
  if (!reply) return undefined;
  for (const [fd, text] of reply.chunks) (fd === 1 ? process.stdout : process.stderr).write(text);
  return reply.code;
}

/** Whether this call asks for the daemon. */
function wanted(argv, env) {
  return argv[0] === 'daemon' || argv.includes('--daemon') || (env.HELM_HOOK_GUARD_DAEMON === '1' && !argv.includes('--help') && !argv.includes('-h'));
}

module.exports = { run, wanted };
