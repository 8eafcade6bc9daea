// Robustness: the lexer, parser and executor never throw on random or mutated input; errors carry positions inside
// the text. fast-check shrinks any failure to a minimal template.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { renderTemplate } from '../../server/src/engine';
import { generator } from '../helpers/gentpl';
import { v } from './helpers';

const SEED = Number(process.env.HHG_FUZZ_SEED ?? 7);
const RUNS = Number(process.env.HHG_FUZZ_RUNS ?? 400);

const TOKENS = [
  '{{', '}}', '{{- ', ' -}}', ' ', '\n', 'if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue',
  '"s"', '"', '`', "'a'", "'", '$', '$x', ':=', '=', '|', '(', ')', '.', '.Values', '.Values.a', '.a.b', 'printf', '"%d"', 'include',
  'tpl', 'nil', 'true', '1', '-1', '0x', '1e', '1.5', ',', '/*', '*/', 'len', 'index', 'slice', 'and', 'or', 'not', 'eq', 'dict',
  'list', 'toYaml', 'fail', 'required', 'until', '3', 'x', '\\', '\t', 'é', '}', '{',
];

const dot = v({ Values: { a: 'A', n: 3, l: [1, 2], m: { k: 'v' } }, Release: { Name: 'r' } });

function check(text: string): void {
  const r = renderTemplate(text, dot, { helpers: [{ name: '_h.tpl', path: '_h.tpl', text: '{{ define "h" }}H{{ . }}{{ end }}' }] });
  if (r.error) {
    assert.ok(r.error.span.start >= 0 && r.error.span.end >= r.error.span.start, `bad span for ${JSON.stringify(text)}`);
    if (r.error.span.path === 'test.tpl') assert.ok(r.error.span.end <= text.length, `span past the end for ${JSON.stringify(text)}`);
    assert.match(r.error.message, /^(template: |html\/template|execution error|parse error at \()/);
  }
  assert.equal(typeof r.output, 'string');
}

test('random token soup never throws', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), (toks) => check(toks.join(''))),
    { seed: SEED, numRuns: RUNS },
  );
});

test('arbitrary strings never throw', () => {
  fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => check(s)), { seed: SEED, numRuns: RUNS });
});

test('mutated valid templates never throw', () => {
  const gen = generator(SEED);
  const valid = Array.from({ length: 50 }, () => gen.template());
  fc.assert(
    fc.property(fc.nat(valid.length - 1), fc.nat(), fc.nat(), fc.constantFrom('delete', 'duplicate', 'insert'), fc.constantFrom(...TOKENS), (i, a, b, op, tok) => {
      const t = valid[i];
      const x = a % (t.length + 1);
      const y = Math.min(t.length, x + (b % 12));
      const m = op === 'delete' ? t.slice(0, x) + t.slice(y) : op === 'duplicate' ? t.slice(0, y) + t.slice(x, y) + t.slice(y) : t.slice(0, x) + tok + t.slice(x);
      check(m);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});
