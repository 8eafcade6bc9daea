// Writes the function lists of the TextMate injection grammar from the engine's function table (run after tsc, as
// `npm run build` does): Go's builtins as support.function.builtin.helm, the rest (Sprig, Helm) as
// support.function.helm. `include` stays a keyword. `--check [file]` exits 1 when the file differs (a test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GRAMMAR = path.join(ROOT, 'syntaxes', 'helm-template.injection.tmLanguage.json');
const KEYWORDS = new Set(['include', 'template', 'define', 'block']);

const require = createRequire(import.meta.url);
const { templateFunctions } = require(path.join(ROOT, 'out', 'server', 'src', 'engine', 'index.js'));

const alternation = (names) => `(?<![\\w.$])(?:${names.join('|')})(?![\\w.])`;

/** The grammar text with both lists generated; everything else as it was. */
export function generate(text) {
  const grammar = JSON.parse(text);
  const fns = [...templateFunctions().values()].filter((f) => !KEYWORDS.has(f.name));
  // Go's builtins in Go's order; the others longest first (then alphabetical), as TextMate tries them in order.
  const builtins = fns.filter((f) => f.origin === 'go').map((f) => f.name);
  const others = fns
    .filter((f) => f.origin !== 'go')
    .map((f) => f.name)
    .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const repo = grammar.repository;
  const named = repo.function.patterns.find((p) => p.name === 'support.function.helm');
  if (!repo['builtin-function'] || !named) throw new Error(`${GRAMMAR}: no builtin-function or support.function.helm pattern`);
  repo['builtin-function'].match = alternation(builtins);
  named.match = alternation(others);
  return JSON.stringify(grammar, null, 2) + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv[2] === '--check';
  const file = (check && process.argv[3]) || GRAMMAR;
  const text = readFileSync(file, 'utf8');
  const next = generate(text);
  if (check) {
    if (next !== text) {
      console.error(`${path.relative(ROOT, file)}: the function lists differ from the engine's function table; run node scripts/gen-grammar.mjs`);
      process.exit(1);
    }
  } else if (next !== text) {
    writeFileSync(file, next);
    console.log(`wrote ${path.relative(ROOT, file)}`);
  }
}
