// Runs node's test runner on out/test/**/*.test.js (Node 20's --test takes no globs) or on the folders given.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? find(p) : p.endsWith('.test.js') ? [p] : [];
    })
    .sort();
}

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['out/test'];
// Compiled tests whose source is gone (moved or deleted) are stale output, not tests.
const files = roots.flatMap(find).filter((f) => !f.startsWith('out/') || existsSync(f.replace(/^out\//, '').replace(/\.js$/, '.ts')));
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
