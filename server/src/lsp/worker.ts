// The analysis worker thread (see background.ts): the pure core on inputs the main thread read, findings back.
import { parentPort } from 'node:worker_threads';
import { analyzeChart } from '../analysis/analyze';
import type { BackgroundJob, BackgroundReply } from './background';

parentPort?.on('message', ({ id, input }: BackgroundJob) => {
  let reply: BackgroundReply;
  try {
    const { findings, deployer, notices } = analyzeChart(input);
    reply = { id, findings, deployer, notices };
  } catch (e) {
    reply = { id, error: (e as Error).stack ?? String(e) };
  }
  parentPort!.postMessage(reply);
});
