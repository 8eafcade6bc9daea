// helm-hook-guard-ls: `--stdio` (any LSP client) or node IPC (the VS Code client); the transport comes from argv.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// A bug in one analysis must not take the editor's diagnostics down with it: log it and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`Unexpected error: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unexpected rejection: ${(e as Error)?.stack ?? e}`));
startServer(connection);
