// Small charts for rule tests: build them from snippets or marked fixtures, analyse, apply fixes, and ask the real
// Helm how it sees them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeChart, type AnalysisInput } from '../../../server/src/analysis/analyze';
import type { Finding } from '../../../server/src/analysis/findings';
import { realize } from '../../../server/src/analysis/fixes/edits';
import { applyEdits } from '../../helpers/charts';
import { helmBinary } from '../../helpers/helm';

export type Files = Record<string, string>;
/** A Helm major version, as a number or as helmBinary takes it. */
type Major = 3 | 4 | '3' | '4';

export function chartOf(templates: Files, values = ''): Files {
  const files: Files = { 'Chart.yaml': 'apiVersion: v2\nname: t\nversion: 0.1.0\n', 'values.yaml': values };
  for (const [k, v] of Object.entries(templates)) files[k.includes('/') ? k : `templates/${k}`] = v;
  return files;
}

export const annotations = (a: Record<string, string>) =>
  '  annotations:\n' + Object.entries(a).map(([k, v]) => `    "${k}": ${JSON.stringify(v)}\n`).join('');

export const hook = (events: string, extra: Record<string, string> = {}) => annotations({ 'helm.sh/hook': events, ...extra });

export function object(kind: string, name: string, ann = '', body = 'data:\n  k: v\n', apiVersion = 'v1'): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${ann}${body}`;
}

/** A Deployment whose pods mount ConfigMap `cm` (or another pod spec). */
export function deployment(name: string, podSpec = 'volumes:\n  - name: v\n    configMap:\n      name: shared'): string {
  const spec = podSpec.split('\n').map((l) => '      ' + l).join('\n');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      containers:\n        - name: c\n          image: busybox\n${spec}\n`;
}

/** A Job (a hook when `ann` says so) whose container reads ConfigMap `ref` through envFrom. */
export function job(name: string, ann: string, ref = 'shared', refKind: 'configMapRef' | 'secretRef' = 'configMapRef'): string {
  return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n${ann}spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: busybox\n          envFrom:\n            - ${refKind}:\n                name: ${ref}\n`;
}

export function analyze(current: Files, baseline?: Files, extra: Partial<AnalysisInput> = {}): Finding[] {
  const findings = analyzeChart({
    chart: { files: new Map(Object.entries(current)) },
    baseline: baseline && { files: new Map(Object.entries(baseline)) },
    render: { releaseName: 'rel', namespace: 'ns' },
    baseRef: 'HEAD',
    ...extra,
  }).findings;
  // The problem first, in one line a Problems row shows whole; the why goes in `detail`. Errors quoted from the engine
  // or the YAML parser keep their words.
  for (const f of findings) {
    if (f.rule === 'template-render-error' || f.message.startsWith('Rendered YAML is invalid:')) continue;
    assert.ok(!f.message.includes('\n') && f.message.length <= 100, `${f.rule}: message too long for one line (${f.message.length}): ${f.message}`);
  }
  // Fix titles fit the light-bulb menu: under 60 characters, every rule, every fix (suppressions included).
  for (const f of findings) for (const x of f.fix) assert.ok(x.title.length < 60, `${f.rule}: fix title too long (${x.title.length}): ${x.title}`);
  return findings;
}

export function only(findings: Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

export function applyFix(files: Files, f: Finding, title: RegExp): Files {
  const fixes = realize(f.fix, (p) => files[p]);
  const fix = fixes.find((x) => title.test(x.title));
  assert.ok(fix, `no fix matching ${title}; have: ${fixes.map((x) => x.title).join(' | ')}`);
  const next = { ...files };
  for (const p of new Set(fix.edits.map((e) => e.path))) next[p] = applyEdits(next[p], fix.edits.filter((e) => e.path === p));
  return next;
}

/** Line (0-based) of the first occurrence of `find` in `text`. */
export function lineOf(text: string, find: string): number {
  const i = text.indexOf(find);
  assert.ok(i >= 0, `"${find}" not in text`);
  return text.slice(0, i).split('\n').length - 1;
}

/** The documents the real `helm template` prints for the chart (Helm 3.17.3, or 4.1.4 with `helmMajor` 4). */
export function helmDocuments(files: Files, major: Major = 3): string[] {
  const helmMajor = Number(major);
  const dir = mkdtempSync(path.join(tmpdir(), 'hhg-rule-'));
  try {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), text);
    }
    const r = spawnSync(helmBinary(helmMajor === 4 ? '4' : '3'), ['template', 'rel', dir, '--namespace', 'ns'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split(/^---$/m).filter((d) => /^kind: /m.test(d));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How the real `helm template` sorts the chart: kind/name of manifest documents and of hooks (dropped ones are absent). */
export function helmView(files: Files, major: Major = 3): { manifest: string[]; hooks: string[] } {
  const helmMajor = Number(major);
  const dir = mkdtempSync(path.join(tmpdir(), 'hhg-rule-'));
  try {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), text);
    }
    const r = spawnSync(helmBinary(helmMajor === 4 ? '4' : '3'), ['template', 'rel', dir, '--namespace', 'ns'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const manifest: string[] = [];
    const hooks: string[] = [];
    for (const doc of r.stdout.split(/^---$/m)) {
      const kind = /^kind: (.*)$/m.exec(doc)?.[1];
      const name = /^  name: (.*)$/m.exec(doc)?.[1];
      if (!kind) continue;
      (/^\s+"?helm\.sh\/hook"?:/m.test(doc) ? hooks : manifest).push(`${kind}/${name}`);
    }
    return { manifest: manifest.sort(), hooks: hooks.sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Our model's view of the same chart, in helmView's terms. */
export function ourView(files: Files, major: Major = 3): { manifest: string[]; hooks: string[] } {
  const helmMajor = Number(major);
  const result = analyzeChart({ chart: { files: new Map(Object.entries(files)) }, render: { releaseName: 'rel', namespace: 'ns' }, deployer: helmMajor === 4 ? 'helm4' : 'helm3' });
  const of = (kind: string) =>
    result.current.model.resources
      .filter((r) => r.lifecycle.kind === kind)
      .map((r) => `${r.kind}/${r.name}`)
      .sort();
  return { manifest: of('regular'), hooks: of('hook') };
}

export function assertAgreesWithHelm(files: Files, major: Major = 3): void {
  assert.deepEqual(ourView(files, major), helmView(files, major));
}

/** Exactly `count` findings of `rule`, or fails listing every finding. */
export function trigger(rule: string, current: Files, baseline?: Files, count = 1, extra: Partial<AnalysisInput> = {}): Finding[] {
  const all = analyze(current, baseline, extra);
  const found = only(all, rule);
  assert.equal(found.length, count, `${rule}: ${JSON.stringify(all.map((f) => [f.rule, f.message]), null, 1)}`);
  return found;
}

export function silent(rule: string, current: Files, baseline?: Files, extra: Partial<AnalysisInput> = {}): void {
  assert.deepEqual(only(analyze(current, baseline, extra), rule).map((f) => f.message), []);
}

/** A chart written as one text: `--- path` lines start files; `⟦` and `⟧` mark where findings are expected (in any
 *  file). Returns the files without the marks, and the marked ranges as `path:line:col-line:col` (1-based). */
export function fixture(text: string): { files: Files; marks: string[] } {
  const files: Files = {};
  const marks: string[] = [];
  for (const part of text.split(/^--- /m).filter((p) => p.trim())) {
    const nl = part.indexOf('\n');
    const file = part.slice(0, nl).trim();
    let body = part.slice(nl + 1);
    for (;;) {
      const open = body.indexOf('⟦');
      if (open < 0) break;
      const close = body.indexOf('⟧', open);
      assert.ok(close > open, `${file}: unclosed ⟦`);
      const inner = body.slice(open + 1, close);
      body = body.slice(0, open) + inner + body.slice(close + 1);
      marks.push(`${file}:${span(body, open, open + inner.length)}`);
    }
    files[file] = body;
  }
  if (!files['Chart.yaml']) files['Chart.yaml'] = 'apiVersion: v2\nname: t\nversion: 0.1.0\n';
  if (files['values.yaml'] === undefined) files['values.yaml'] = '';
  return { files, marks };
}

function span(text: string, start: number, end: number): string {
  const at = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };
  return `${at(start)}-${at(end)}`;
}

const where = (f: Finding) => `${f.location.path}:${f.location.range.start.line + 1}:${f.location.range.start.character + 1}-${f.location.range.end.line + 1}:${f.location.range.end.character + 1}`;

/** rust-analyzer's check(fixture, expect): the findings of `rule` on the marked fixture are exactly at its marks, each
 *  matching `message` when given. With a `baseline` fixture, the rule compares with it. Returns the findings. */
export function check(rule: string, current: string, opts: { baseline?: string; message?: RegExp; severity?: string } & Omit<Partial<AnalysisInput>, 'baseline'> = {}): Finding[] {
  const { baseline, message, severity, ...extra } = opts;
  const { files, marks } = fixture(current);
  const found = only(analyze(files, baseline === undefined ? undefined : fixture(baseline).files, extra), rule);
  assert.deepEqual(found.map(where).sort(), [...marks].sort(), `${rule}: ${JSON.stringify(found.map((f) => [where(f), f.message]), null, 1)}`);
  for (const f of found) {
    if (message) assert.match(f.message, message);
    if (severity) assert.equal(f.severity, severity);
  }
  return found;
}

/** check_fix(before, after): applying the fix titled like `title` to the first finding of `rule` gives `after` (files
 *  that `after` lists). */
export function checkFix(rule: string, before: string, title: RegExp, after: string, opts: { baseline?: string } & Omit<Partial<AnalysisInput>, 'baseline'> = {}): void {
  const { baseline, ...extra } = opts;
  const { files } = fixture(before);
  const [f] = only(analyze(files, baseline === undefined ? undefined : fixture(baseline).files, extra), rule);
  assert.ok(f, `${rule}: no finding to fix`);
  const fixed = applyFix(files, f, title);
  const expected = fixture(after).files;
  for (const p of Object.keys(expected).filter((p) => after.includes(`--- ${p}`))) assert.equal(fixed[p], expected[p], p);
}
