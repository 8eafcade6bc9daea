// helm-hook-guard-ls: `--stdio` (any LSP client) or node IPC (the VS Code client); the transport comes from argv.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
