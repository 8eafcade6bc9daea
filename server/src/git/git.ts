// The git CLI, spawned without a shell, with settings a hostile repository could use to run commands turned off.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

const SAFE_CONFIG = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.sshCommand=false',
  '-c', 'diff.external=',
  '-c', 'protocol.allow=never',
];

const SAFE_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_OPTIONAL_LOCKS: '0',
  GIT_NO_REPLACE_OBJECTS: '1',
  GIT_CONFIG_NOSYSTEM: '1',
  LC_ALL: 'C',
};

export class GitError extends Error {}

const EMPTY = Buffer.alloc(0);

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export function runGit(cwd: string, args: string[], input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn('git', [...SAFE_CONFIG, ...args], { cwd, env: SAFE_ENV, shell: false, windowsHide: true });
    } catch (e) {
      reject(new GitError(`git could not be started: ${(e as Error).message}`));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new GitError(e.code === 'ENOENT' ? 'git is not installed (not found on PATH)' : `git failed: ${e.message}`)),
    );
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8').trim() }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** A long-lived `git cat-file --batch`: many blobs through one process. */
export class CatFile {
  private proc?: BatchProcess;
  private disposed = false;

  constructor(private readonly cwd: string) {}

  /** Reads `<commit>:<path>`; undefined when it does not exist. */
  read(object: string): Promise<Buffer | undefined> {
    if (/[\r\n]/.test(object)) return Promise.resolve(undefined);
    if (this.disposed) return Promise.reject(new GitError('git cat-file was stopped'));
    if (!this.proc?.alive) this.proc = new BatchProcess(this.cwd);
    return this.proc.read(object);
  }

  /** Lets the reads in flight finish, then the process exits; a later read starts a new one. */
  close(): void {
    this.proc?.end();
    this.proc = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.proc?.kill();
    this.proc = undefined;
  }
}

/** One `git cat-file --batch` process with its own queue, so a replaced process never answers for another. */
class BatchProcess {
  alive = true;
  private readonly child: ChildProcessWithoutNullStreams;
  /** Output not consumed yet: a header, or the start of a body. */
  private pending: Buffer = EMPTY;
  /** The body being read, in a buffer of the size its header announced: each byte is copied once. Joining the
   *  output as it came would copy a large blob once per chunk, and those copies stay in the C heap. */
  private body?: { out: Buffer; filled: number };
  private readonly queue: { resolve: (b: Buffer | undefined) => void; reject: (e: Error) => void }[] = [];

  constructor(cwd: string) {
    const child = spawn('git', [...SAFE_CONFIG, 'cat-file', '--batch'], { cwd, env: SAFE_ENV, shell: false });
    child.stdout.on('data', (d: Buffer) => {
      this.pending = this.pending.length === 0 ? d : Buffer.concat([this.pending, d]);
      this.drain();
    });
    const fail = (e: Error) => this.fail(e);
    child.on('error', (e: NodeJS.ErrnoException) =>
      fail(new GitError(e.code === 'ENOENT' ? 'git is not installed (not found on PATH)' : `git cat-file failed: ${e.message}`)),
    );
    child.on('close', () => fail(new GitError('git cat-file exited')));
    child.stdin.on('error', () => undefined);
    this.child = child;
  }

  private fail(e: Error): void {
    this.alive = false;
    for (const q of this.queue.splice(0)) q.reject(e);
    this.pending = EMPTY;
    this.body = undefined;
  }

  private consume(n: number): void {
    this.pending = n >= this.pending.length ? EMPTY : this.pending.subarray(n);
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const body = this.body;
      if (body) {
        const n = Math.min(body.out.length - body.filled, this.pending.length);
        this.pending.copy(body.out, body.filled, 0, n);
        body.filled += n;
        this.consume(n);
        // The body, then the newline after it.
        if (body.filled < body.out.length || this.pending.length === 0) return;
        this.consume(1);
        this.body = undefined;
        this.queue.shift()!.resolve(body.out);
        continue;
      }
      const nl = this.pending.indexOf(10);
      if (nl < 0) return;
      const header = this.pending.subarray(0, nl).toString('utf8');
      this.consume(nl + 1);
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.queue.shift()!.resolve(undefined);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (!Number.isSafeInteger(size) || size < 0) {
        this.child.kill();
        this.fail(new GitError(`git cat-file answered "${header.slice(0, 80)}"`));
        return;
      }
      this.body = { out: Buffer.allocUnsafe(size), filled: 0 };
    }
  }

  read(object: string): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.child.stdin.write(object + '\n');
    });
  }

  end(): void {
    this.child.stdin.end();
  }

  kill(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}
