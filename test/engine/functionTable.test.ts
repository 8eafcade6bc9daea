// The engine's function table: one source for what the grammar highlights and what hook-regenerates-secret calls a
// generator.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { helmFuncMap, renderTemplate, templateFunctions } from '../../server/src/engine';
import { REPO_ROOT } from '../helpers/charts';

const GRAMMAR = path.join(REPO_ROOT, 'syntaxes', 'helm-template.injection.tmLanguage.json');
const check = (file: string) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'gen-grammar.mjs'), '--check', file], { encoding: 'utf8' });

test('the grammar lists exactly the engine functions (node scripts/gen-grammar.mjs writes them)', () => {
  const r = check(GRAMMAR);
  assert.equal(r.status, 0, r.stderr);
});

test('the drift check fails on a grammar that lacks a function', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hhg-grammar-'));
  try {
    const file = path.join(dir, 'g.json');
    writeFileSync(file, readFileSync(GRAMMAR, 'utf8').replace('|sha512sum|', '|'));
    assert.equal(check(file).status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every function of the map is in the table, with its origin', () => {
  const t = templateFunctions();
  assert.deepEqual([...t.keys()], [...helmFuncMap().keys()]);
  assert.equal(t.get('len')?.origin, 'go');
  assert.equal(t.get('slice')?.origin, 'sprig'); // Sprig's slice shadows Go's builtin in Helm's function map
  assert.equal(t.get('include')?.origin, 'helm');
  assert.equal(t.get('env'), undefined); // Helm removes env and expandenv
});

test('nondeterministic functions are the ones whose result changes between two renders of the same input', () => {
  const random = ['randAlphaNum 8', 'randAlpha 8', 'randNumeric 8', 'randAscii 8', 'randBytes 8', 'randInt 0 1000000000', 'uuidv4', 'shuffle "abcdefghijklmnop"',
    'genPrivateKey "ecdsa"', 'genCA "x" 1 | toJson', '(genCA "x" 1).Cert', 'genSelfSignedCert "x" nil nil 1 | toJson', 'genSignedCert "x" nil nil 1 (genCA "x" 1) | toJson',
    'genCAWithKey "x" 1 (genPrivateKey "ecdsa") | toJson', 'encryptAES "k" "text"', 'bcrypt "pw"', 'htpasswd "u" "pw"'];
  for (const call of random) {
    const name = call.replace(/^\(/, '').split(' ')[0];
    assert.equal(templateFunctions().get(name)?.nondeterministic, 'random', name);
    const a = renderTemplate(`{{ ${call} }}`, new Map());
    const b = renderTemplate(`{{ ${call} }}`, new Map());
    assert.equal(a.error, undefined, `${call}: ${a.error?.message}`);
    assert.notEqual(a.output, b.output, call);
  }
  for (const name of ['derivePassword', 'buildCustomCert', 'decryptAES', 'sha256sum', 'toDate', 'lookup', 'getHostByName']) {
    assert.equal(templateFunctions().get(name)?.nondeterministic, undefined, name);
  }
  for (const name of ['now', 'ago', 'date', 'dateInZone', 'htmlDate', 'dateModify', 'unixEpoch']) assert.equal(templateFunctions().get(name)?.nondeterministic, 'clock', name);
  for (const name of ['keys', 'values']) assert.equal(templateFunctions().get(name)?.nondeterministic, 'map-order', name);
});
