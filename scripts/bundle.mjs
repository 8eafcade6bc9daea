// Bundles the client, the language server and the CLI into dist/ (one file each, no node_modules needed at run time).
import { build } from 'esbuild';

// Whitespace and syntax minified for a small VSIX; names kept so stack traces in the output channel stay readable.
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning', legalComments: 'none', minifyWhitespace: true, minifySyntax: true };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  // The language server's background analyses (server/src/lsp/background.ts): the core only, loaded next to server.js.
  build({ ...common, entryPoints: ['server/src/lsp/worker.ts'], outfile: 'dist/analysis-worker.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
]);
