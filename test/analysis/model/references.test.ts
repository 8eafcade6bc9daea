// The reference graph, one case per reference kind: the reference is read where it is written, with its target's
// group, kind, namespace and consequence; when the target becomes a hook the headline rule catches it with the
// referrer in the related information and the consequence in the detail; a same-named object of another API group
// (the near miss) is not the target. The real Helm confirms which objects are hooks and which stay in the manifest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart } from '../../../server/src/analysis/analyze';
import type { Location } from '../../../server/src/analysis/findings';
import { assertAgreesWithHelm, fixture, helmView, only, analyze, type Files } from '../rules/harness';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { POD_TEMPLATES, REFERENCE_PATHS, WORKFLOW_SPECS } from '../../../server/src/analysis/model';
import { REPO_ROOT } from '../../helpers/charts';
import { CASES, targetDoc, type ReferenceCase } from './referenceCases';

const H1 = 'hook-deletes-referenced-resource';
const at = (l: Pick<Location, 'path' | 'range'>) =>
  `${l.path}:${l.range.start.line + 1}:${l.range.start.character + 1}-${l.range.end.line + 1}:${l.range.end.character + 1}`;

/** The case's chart: its referrer (marks removed) and its target. */
function chartFor(c: ReferenceCase, target: { hook?: boolean; otherGroup?: boolean } = {}): { files: Files; mark: string } {
  const { files, marks } = fixture(`--- templates/${c.id}-referrer.yaml\n${c.referrer}--- templates/${c.id}-target.yaml\n${targetDoc(c, target)}`);
  assert.equal(marks.length, 1, `${c.id}: one mark`);
  return { files, mark: marks[0] };
}

const view = (files: Files) => analyzeChart({ chart: { files: new Map(Object.entries(files)) }, render: { releaseName: 'rel', namespace: 'ns' } });

describe('the reference table', () => {
  for (const c of CASES) {
    it(`${c.id}: reads the reference to ${c.expect.kind} ${c.expect.name}`, () => {
      const { files, mark } = chartFor(c);
      const result = view(files);
      const refs = result.current.references.filter((x) => x.name === c.expect.name);
      assert.equal(refs.length, 1, JSON.stringify(result.current.references.map((x) => [x.kind, x.name, x.path])));
      const [ref] = refs;
      assert.deepEqual(
        { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name, consequence: ref.consequence },
        { group: c.expect.group, kind: c.expect.kind, namespace: c.expect.namespace, name: c.expect.name, consequence: c.expect.consequence },
      );
      if (c.expect.via) assert.match(ref.via, c.expect.via);
      assert.equal(at(result.locate(ref.referrer.template, ref.range)), mark);
      assert.deepEqual(result.current.targetsOf(ref).map((r) => r.name), [c.target.name]);
      assert.deepEqual(result.current.referencesTo(result.current.targetsOf(ref)[0]), [ref]);
    });
  }

  it('field paths name the exact field', () => {
    const result = view(chartFor(CASES.find((c) => c.id === 'ds-ephemeral-env')!).files);
    assert.deepEqual(result.current.references.map((x) => x.path), ['spec.template.spec.ephemeralContainers[0].env[0].valueFrom.secretKeyRef.name']);
  });
});

describe('a target that becomes a hook is caught for every reference kind', () => {
  for (const c of CASES) {
    it(`${c.id}: ${c.target.kind} ${c.target.name} as a hook`, () => {
      const base = chartFor(c).files;
      const { files, mark } = chartFor(c, { hook: true });
      const found = only(analyze(files, base), H1);
      assert.equal(found.length, 1, JSON.stringify(analyze(files, base).map((f) => [f.rule, f.message])));
      const [f] = found;
      assert.equal(f.severity, c.severity);
      assert.match(f.message, new RegExp(`${c.target.kind} ${c.target.name}`));
      assert.match(f.detail ?? '', c.detail);
      assert.deepEqual(f.related.map(at), [mark]);
    });

    it(`${c.id} near miss: a ${c.target.kind} ${c.target.name} of another API group is not the target`, () => {
      const { files } = chartFor(c, { hook: true, otherGroup: true });
      const base = chartFor(c, { otherGroup: true }).files;
      assert.deepEqual(only(analyze(files, base), H1).map((f) => f.message), []);
      assert.deepEqual(view(files).current.references.flatMap((x) => view(files).current.targetsOf(x)), []);
    });
  }

  it('the real Helm (3.17.3 and 4.1.4) sees every target as a hook and every referrer in the manifest', () => {
    const all: Files = {};
    for (const c of CASES) Object.assign(all, chartFor(c, { hook: true }).files);
    assertAgreesWithHelm(all);
    assertAgreesWithHelm(all, '4');
    const helm = helmView(all);
    assert.equal(helm.hooks.length, CASES.length);
    assert.equal(helm.manifest.length, CASES.length);
  });

  it('the real Helm agrees on the near misses', () => {
    const all: Files = {};
    for (const c of CASES) Object.assign(all, chartFor(c, { hook: true, otherGroup: true }).files);
    assertAgreesWithHelm(all);
  });
});

describe('docs/references.md', () => {
  it('lists every kind of the reference table', () => {
    const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'references.md'), 'utf8');
    const keys = [...Object.keys(POD_TEMPLATES), ...Object.keys(WORKFLOW_SPECS), ...Object.keys(REFERENCE_PATHS)];
    assert.deepEqual(keys.filter((k) => !doc.includes(`\`${k}\``)), []);
  });
});
