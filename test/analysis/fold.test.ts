import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldFindings } from '../../server/src/analysis/fold';
import type { Finding, Severity } from '../../server/src/analysis/findings';

const at = (path: string, line: number) => ({ path, range: { start: { line, character: 4 }, end: { line, character: 20 } } });
function finding(rule: string, severity: Severity, line: number, name = 'cm', path = 'templates/cm.yaml'): Finding {
  return {
    rule,
    severity,
    message: `${rule} message`,
    detail: `${rule} detail`,
    location: at(path, line),
    resource: { kind: 'ConfigMap', name, namespace: 'default' },
    related: [],
    fix: [
      { title: `${rule} fix`, isPreferred: true, edits: [{ path, start: rule === 'e' ? 1 : 2, end: 3, newText: '' }] },
      { title: `Suppress ${rule} on this line`, edits: [] },
    ],
  };
}

describe('foldFindings', () => {
  it('folds infos about the error object, in its file, into the error: related, detail, fixes', () => {
    const error = finding('e', 'error', 5);
    const [f, ...rest] = foldFindings([error, finding('i1', 'info', 5), finding('i2', 'hint', 7)]);
    assert.deepEqual(rest, []);
    assert.equal(f.rule, 'e');
    assert.equal(f.detail, 'e detail\nAlso (i1): i1 message\nAlso (i2): i2 message');
    assert.deepEqual(f.related.map((r) => [r.message, r.range.start.line]), [
      ['i1 (info): i1 message', 5],
      ['i2 (hint): i2 message', 7],
    ]);
    // i2's fix makes the same edits as i1's: offered once.
    assert.deepEqual(f.fix.map((x) => [x.title, !!x.isPreferred]), [
      ['e fix', true],
      ['i1 fix', false],
      ['Suppress e on this line', false],
    ]);
    assert.deepEqual(error.related, [], 'the input is not changed');
  });

  it('keeps infos about other objects, in other files, without an error or warning, or of the same rule', () => {
    const list = [finding('e', 'error', 5), finding('i', 'info', 9, 'other'), finding('i', 'info', 5, 'cm', 'templates/other.yaml'), finding('e', 'info', 6)];
    assert.deepEqual(foldFindings(list).map((f) => f.rule + ':' + f.severity), ['e:error', 'i:info', 'i:info', 'e:info']);
    const infos = [finding('i1', 'info', 5), finding('i2', 'info', 6)];
    assert.deepEqual(foldFindings(infos), infos);
  });

  it('the most severe host takes them: an error before a warning about the same object', () => {
    const out = foldFindings([finding('w', 'warning', 3), finding('i', 'info', 4), finding('e', 'error', 5)]);
    assert.deepEqual(out.map((f) => [f.rule, f.related.length]), [
      ['w', 0],
      ['e', 1],
    ]);
  });
});
