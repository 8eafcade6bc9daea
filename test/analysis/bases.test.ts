import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configuredBases, defaultBases, mergeBaseFindings } from '../../server/src/analysis/bases';
import type { Finding } from '../../server/src/analysis/findings';

const finding = (rule: string, line: number, message: string, name = 'cm'): Finding => ({
  rule,
  severity: 'error',
  message,
  location: { path: 'templates/cm.yaml', range: { start: { line, character: 4 }, end: { line, character: 10 } } },
  resource: { kind: 'ConfigMap', name, namespace: 'default' },
  related: [],
  fix: [],
});

describe('bases', () => {
  it('default: HEAD, plus the upstream merge-base only when it is another commit', () => {
    assert.deepEqual(defaultBases({}), [{ ref: 'HEAD', label: 'HEAD' }]);
    assert.deepEqual(defaultBases({ head: 'a'.repeat(40) }), [{ ref: 'HEAD', label: 'HEAD' }]);
    assert.deepEqual(defaultBases({ head: 'a'.repeat(40), upstream: 'origin/main', mergeBase: 'a'.repeat(40) }), [{ ref: 'HEAD', label: 'HEAD' }]);
    const mb = 'b'.repeat(40);
    assert.deepEqual(defaultBases({ head: 'a'.repeat(40), upstream: 'origin/main', mergeBase: mb }), [
      { ref: 'HEAD', label: 'HEAD' },
      { ref: mb, label: 'origin/main (merge-base bbbbbbbb)' },
    ]);
    // No merge-base (unrelated histories): HEAD alone.
    assert.deepEqual(defaultBases({ head: 'a'.repeat(40), upstream: 'origin/main' }), [{ ref: 'HEAD', label: 'HEAD' }]);
  });

  it('configured: in order, duplicates and blanks dropped', () => {
    assert.deepEqual(configuredBases(['HEAD', ' v1 ', 'HEAD', '']), [
      { ref: 'HEAD', label: 'HEAD' },
      { ref: 'v1', label: 'v1' },
    ]);
  });

  it('merges findings across bases: each once, named by the first base that shows it', () => {
    const merged = mergeBaseFindings([
      { label: 'HEAD', findings: [finding('r1', 3, 'at HEAD')] },
      { label: 'origin/main', findings: [finding('r1', 3, 'at origin/main'), finding('r2', 5, 'only here'), finding('r1', 3, 'other object', 'cm2')] },
    ]);
    assert.deepEqual(
      merged.map((f) => [f.rule, f.message, f.base]),
      [
        ['r1', 'at HEAD', 'HEAD'],
        ['r2', 'only here', 'origin/main'],
        ['r1', 'other object', 'origin/main'],
      ],
    );
    assert.deepEqual(mergeBaseFindings([]), []);
  });
});
