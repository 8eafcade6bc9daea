// Runs node's test runner on out/test/**/*.test.js (Node 20's --test takes no globs) or on the folders given.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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
const files = roots.flatMap(find);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
