// Background analyses on a worker thread: a workspace scan's charts without open documents are analysed there, so the
// main thread stays free for requests and for the analyses of open documents (each takes tens to hundreds of
// milliseconds of synchronous work; a request arriving during one waits for it). The worker runs the same pure core on
// the inputs the main thread read (files, baseline, options) and sends back only the findings: hovers and code actions
// need the full analysis, and those are made on the main thread for open documents, or again when asked.
//
// A worker is a second V8 isolate (some 10-20 MB, plus its heap while it works): it starts for a scan of many charts
// and ends once no scan has needed it for a moment. One worker: the machine's other core runs the main thread.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisInput } from '../analysis/analyze';
import type { Finding } from '../analysis/findings';
import type { Deployer } from '../analysis/model';

export type BackgroundInput = Omit<AnalysisInput, 'renderer'>;
export interface BackgroundJob {
  id: number;
  input: BackgroundInput;
}
export type BackgroundReply = { id: number; findings: Finding[]; deployer: Deployer; notices: string[] } | { id: number; error: string };
export type BackgroundResult = { findings: Finding[]; deployer: Deployer; notices: string[] };

/** The worker ended (shutdown, idle, a crash) before it answered: the caller analyses on the main thread or gives up. */
export class BackgroundEnded extends Error {}

/** How long an idle worker is kept after the last scan that needed it: back-to-back checks reuse it. */
const IDLE_MS = 2000;

/** The worker's script: the bundle next to dist/server.js, or the compiled module next to this one (tests of out/). */
function workerScript(): { file: string; loader?: string } {
  const bundled = path.join(__dirname, 'analysis-worker.js');
  if (!existsSync(bundled)) return { file: path.join(__dirname, 'worker.js') };
  const loader = path.join(__dirname, '..', 'bin', 'compile-cache.js');
  return { file: bundled, loader: existsSync(loader) ? loader : undefined };
}

export class Background {
  private worker?: Worker;
  private readonly pending = new Map<number, { worker: Worker; resolve: (r: BackgroundResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private holds = 0;
  private idleTimer?: NodeJS.Timeout;
  private disposed = false;
  /** Set when a worker could not start or died on its own: analyses stay on the main thread from then on. */
  private broken = false;
  /** Workers started, for tests and logs. */
  started = 0;

  constructor(
    private readonly log: { info(m: string): void; warn(m: string): void } = { info: () => undefined, warn: () => undefined },
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Whether analyses should go to the worker now: a scan holds it and it works. */
  get active(): boolean {
    return this.holds > 0 && !this.broken && !this.disposed;
  }

  /** A scan of many charts holds the worker while it runs; call the returned function when it ends. */
  hold(): () => void {
    this.holds++;
    clearTimeout(this.idleTimer);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.idleLater();
    };
  }

  analyze(input: BackgroundInput): Promise<BackgroundResult> {
    if (this.disposed || this.broken) return Promise.reject(new BackgroundEnded('no background worker'));
    const worker = this.worker ?? this.start();
    const id = ++this.nextId;
    return new Promise<BackgroundResult>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ id, input } satisfies BackgroundJob);
    });
  }

  private start(): Worker {
    const { file, loader } = workerScript();
    const worker = loader
      ? new Worker(`require(${JSON.stringify(loader)}).load(${JSON.stringify(file)})`, { eval: true })
      : new Worker(file);
    this.started++;
    this.log.info('Background analysis worker started (a scan of many charts)');
    // The language server's process lives on its connection, not on its worker.
    worker.unref();
    worker.on('message', (m: BackgroundReply) => {
      const job = this.pending.get(m.id);
      if (!job) return;
      this.pending.delete(m.id);
      if ('error' in m) job.reject(new Error(m.error));
      else job.resolve({ findings: m.findings, deployer: m.deployer, notices: m.notices });
      if (this.pending.size === 0) this.idleLater();
    });
    worker.on('error', (e) => {
      this.log.warn(`The background analysis worker failed; analyses run on the main thread from now on: ${e.stack ?? e}`);
      this.broken = true;
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      // A worker we did not end (one that crashed, or ran out of memory) answers nothing more.
      this.failPending(worker, 'the background worker exited');
    });
    this.worker = worker;
    return worker;
  }

  private idleLater(): void {
    clearTimeout(this.idleTimer);
    if (this.holds > 0 || this.pending.size > 0 || !this.worker) return;
    this.idleTimer = setTimeout(() => {
      if (this.holds === 0 && this.pending.size === 0) this.stop();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    if (!this.disposed) this.log.info('Background analysis worker ended (idle)');
    this.failPending(worker, 'the background worker was ended');
    void worker.terminate().catch(() => undefined);
  }

  private failPending(worker: Worker, why: string): void {
    for (const [id, job] of [...this.pending]) {
      if (job.worker !== worker) continue;
      this.pending.delete(id);
      job.reject(new BackgroundEnded(why));
    }
  }

  /** After dispose (the server's shutdown): nothing is analysed any more, on any thread. */
  get ended(): boolean {
    return this.disposed;
  }

  /** Whether a worker is running now. */
  get running(): boolean {
    return !!this.worker;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    this.stop();
  }
}
