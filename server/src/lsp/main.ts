// helm-hook-guard-ls: `--stdio` (any LSP client) or node IPC (the VS Code client); the transport comes from argv.
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// A full collection once the old generation has doubled since the last, not quadrupled (V8's factor for a small heap):
// the first collection comes at a small heap, so its limit would let a chart's first analysis pile up garbage to some
// 70 MB. V8 reads the factor at every collection, so this holds for any client (NODE_OPTIONS does not take the flag).
// kube-prometheus-stack: about 6 MB less peak; 41 charts opened at once: about 70 MB less; CPU within the noise.
setFlagsFromString('--heap-growing-percent=100');

const connection = createConnection(ProposedFeatures.all);
// A bug in one analysis must not take the editor's diagnostics down with it: log it and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`Unexpected error: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unexpected rejection: ${(e as Error)?.stack ?? e}`));
startServer(connection);
