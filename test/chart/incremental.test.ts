// Incremental rendering gives what a whole render gives, after random edit sequences on real-shaped charts.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { IncrementalRenderer } from '../../server/src/chart/incremental';
import { renderChart } from '../../server/src/chart/render';
import type { ChartFiles, RenderOptions } from '../../server/src/chart/types';
import { readChart } from '../../server/src/workspace/files';
import { REPO_ROOT } from '../helpers/charts';

const OPTS: RenderOptions = { releaseName: 'shop', namespace: 'prod' };

/** A chart shaped like the real ones: a library subchart of helpers, a database subchart, checksum annotations that
 *  include another template by file name, tpl on values, .Files, local dicts mutated with set, and a hook. */
const SHOP: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.2.3\ndependencies:\n  - name: common\n    version: 1.x\n  - name: db\n    version: 2.x\n    condition: db.enabled\n',
  'values.yaml': 'replicas: 2\nimage: nginx:1.27\nconfig:\n  a: "1"\n  b: two\ntplValue: "{{ .Release.Name }}-from-tpl"\ndb:\n  enabled: true\n  user: app\n',
  'templates/_helpers.tpl':
    '{{- define "shop.name" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}\n' +
    '{{- define "shop.labels" -}}\n{{ include "common.labels" . }}\napp: {{ include "shop.name" . }}\n{{- end -}}\n',
  'templates/configmap.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "shop.name" . }}-config\n  labels:\n    {{- include "shop.labels" . | nindent 4 }}\n' +
    'data:\n  {{- toYaml .Values.config | nindent 2 }}\n  rendered: {{ tpl .Values.tplValue . | quote }}\n',
  'templates/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "shop.name" . }}\nspec:\n  replicas: {{ .Values.replicas }}\n  template:\n    metadata:\n' +
    '      annotations:\n        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}\n    spec:\n      containers:\n' +
    '        - name: app\n          image: {{ .Values.image }}\n          envFrom:\n            - secretRef:\n                name: {{ include "shop.name" . }}-secret\n' +
    '      volumes:\n        - name: config\n          configMap:\n            name: {{ include "shop.name" . }}-config\n',
  'templates/secret.yaml':
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include "shop.name" . }}-secret\ndata:\n  app.conf: {{ .Files.Get "files/app.conf" | b64enc }}\n',
  'templates/local.yaml':
    '{{- $d := dict "a" 1 }}{{- $_ := set $d "b" 2 }}{{- $m := merge $d (dict "c" 3) }}\n{{- $y := fromYaml "k: v" }}{{- $_ := set $y "x" "y" }}\n' +
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\ndata:\n  d: {{ toJson $m | quote }}\n  y: {{ toJson $y | quote }}\n  seen: {{ .Values.mutated | default "none" | quote }}\n',
  'templates/job.yaml':
    'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ include "shop.name" . }}-migrate\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n' +
    'spec:\n  template:\n    spec:\n      containers:\n        - name: m\n          image: {{ .Values.image }}\n',
  'templates/zz-last.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: last\ndata:\n  seen: {{ .Values.mutated | default "none" | quote }}\n  template: {{ .Template.Name }}\n',
  'templates/NOTES.txt': 'Installed {{ include "shop.name" . }}\n',
  'files/app.conf': 'listen 80\n',
  'charts/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 1.0.0\ntype: library\n',
  'charts/common/templates/_labels.tpl': '{{- define "common.labels" -}}\napp.kubernetes.io/instance: {{ .Release.Name }}\nhelm.sh/chart: {{ .Chart.Name }}\n{{- end -}}\n',
  'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 2.0.0\n',
  'charts/db/values.yaml': 'user: root\nport: 5432\n',
  'charts/db/templates/_db.tpl': '{{- define "db.name" -}}{{ .Release.Name }}-db{{- end -}}\n',
  'charts/db/templates/statefulset.yaml':
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ include "db.name" . }}\nspec:\n  template:\n    spec:\n      containers:\n' +
    '        - name: db\n          env:\n            - name: USER\n              value: {{ .Values.user | quote }}\n            - name: PORT\n              value: {{ .Values.port | quote }}\n',
};

/** A seeded generator (mulberry32), so a failure names a sequence that can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] };
}

type Edit = (files: Map<string, string>, original: ReadonlyMap<string, string>, r: ReturnType<typeof prng>, step: number) => string;

function insertLine(text: string, line: string, r: ReturnType<typeof prng>): string {
  const lines = text.split('\n');
  const at = r.int(lines.length + 1);
  return [...lines.slice(0, at), line, ...lines.slice(at)].join('\n');
}

const isTemplate = (p: string) => /(^|\/)templates\/[^_][^/]*$/.test(p.slice(p.lastIndexOf('templates/'))) && !p.endsWith('NOTES.txt');

/** Edits a chart author makes, and the ones that must send the edit to a whole render. */
function edits(chartName: string): Edit[] {
  const templates = (files: Map<string, string>) => [...files.keys()].filter((p) => p.includes('templates/') && isTemplate(p));
  const fileName = (p: string) => `${chartName}/${p}`;
  const inTemplate = (make: (files: Map<string, string>, step: number) => string): Edit => (files, _o, r, step) => {
    const ts = templates(files);
    if (ts.length === 0) return 'no template';
    const p = r.pick(ts);
    files.set(p, insertLine(files.get(p)!, make(files, step), r));
    return `${p}: insert`;
  };
  // One template executing another by its file name. The executed one includes nothing by name, so no cycle:
  // recursion ends in the JavaScript stack limit, whose depth is not the same from one render to the next.
  const byName = (action: string, pipe: string): Edit => (files, _o, r) => {
    const leaves = templates(files).filter((p) => !/\/templates\/|include \(print|\{\{-?\s*template/.test(files.get(p)!));
    const targets = templates(files).filter((p) => !leaves.includes(p) || leaves.length > 1);
    if (leaves.length === 0 || targets.length === 0) return 'no template to name';
    const t = r.pick(targets);
    const x = r.pick(leaves.filter((p) => p !== t));
    if (!x) return 'no template to name';
    files.set(t, insertLine(files.get(t)!, `{{ ${action} "${fileName(x)}" . ${pipe}}}`, r));
    return `${t}: ${action} ${x}`;
  };
  return [
    inTemplate((_f, n) => `# edit ${n}`),
    inTemplate((_f, n) => `  extra${n}: {{ .Values.replicas | default 1 }}`),
    inTemplate((_f, n) => `metadata:\n  annotations:\n    "helm.sh/hook": pre-upgrade\n    edit: "${n}"`),
    inTemplate((_f, n) => `{{- $_ := set .Values "mutated" "v${n}" }}`),
    inTemplate((_f, n) => `{{- $l := dict "k" "${n}" }}{{- $_ := set $l "k2" "v" }}{{ $l.k }}`),
    inTemplate((_f, n) => `{{- define "edit.${n}" }}defined ${n}{{ end }}`),
    inTemplate((f, n) => `{{ include "edit.${n % 3}" . }}`),
    byName('include', '| sha256sum'),
    byName('template', ''),
    inTemplate(() => '{{ .Template.Name }} {{ .Template.BasePath }}'),
    inTemplate(() => '{{ .Values.no.such.value }}'),
    inTemplate(() => '{{ if }}'),
    inTemplate(() => '  bad: [unclosed'),
    inTemplate(() => '{{ tpl "{{ .Release.Namespace }}" . }}'),
    // Delete a line anywhere.
    (files, _o, r) => {
      const p = r.pick([...files.keys()]);
      const lines = files.get(p)!.split('\n');
      lines.splice(r.int(lines.length), 1);
      files.set(p, lines.join('\n'));
      return `${p}: delete a line`;
    },
    // Undo a file.
    (files, original, r) => {
      const p = r.pick([...original.keys()]);
      files.set(p, original.get(p)!);
      return `${p}: revert`;
    },
    // Values, partials, .Files and Chart.yaml.
    (files, _o, r, n) => {
      const p = files.has('values.yaml') ? 'values.yaml' : r.pick([...files.keys()]);
      files.set(p, (files.get(p) ?? '') + `\nmutated: "values-${n}"\n`);
      return `${p}: append`;
    },
    (files, _o, r, n) => {
      const partials = [...files.keys()].filter((p) => /templates\/_[^/]*$/.test(p));
      if (partials.length === 0) return 'no partial';
      const p = r.pick(partials);
      files.set(p, files.get(p)! + `\n{{- define "edit.${n % 3}" }}partial ${n}{{ end }}\n`);
      return `${p}: define`;
    },
    (files, _o, r, n) => {
      const others = [...files.keys()].filter((p) => !p.includes('templates/') && !p.endsWith('.yaml'));
      if (others.length === 0) return 'no other file';
      const p = r.pick(others);
      files.set(p, files.get(p)! + `changed ${n}\n`);
      return `${p}: append`;
    },
  ];
}

function sameRender(files: Map<string, string>, binaries: ChartFiles['binaries'], inc: IncrementalRenderer, trail: string[]): void {
  const chart: ChartFiles = binaries ? { files: new Map(files), binaries } : { files: new Map(files) };
  const a = inc.render(chart, OPTS);
  const b = renderChart(chart, OPTS);
  assert.deepStrictEqual(a, b, `incremental and whole renders differ after:\n  ${trail.join('\n  ')}`);
}

async function fixtureCharts(): Promise<{ name: string; files: Map<string, string>; binaries: ChartFiles['binaries'] }[]> {
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'charts');
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const c = await readChart(path.join(dir, name));
    // Random strings, dates and generated keys differ between two whole renders already.
    if ([...c.files.files.values()].some((t) => /rand[A-Z]|uuidv4|\bnow\b|gen[A-Z]|htpasswd|bcrypt/.test(t))) continue;
    out.push({ name, files: new Map(c.files.files), binaries: c.files.binaries });
  }
  return out;
}

describe('incremental rendering', () => {
  let fixtures: Awaited<ReturnType<typeof fixtureCharts>>;
  before(async () => {
    fixtures = await fixtureCharts();
  });

  it('equals a whole render after random edit sequences (shop chart, 30 seeds x 30 edits)', () => {
    const original = new Map(Object.entries(SHOP));
    const all = { full: 0, incremental: 0 };
    for (let seed = 1; seed <= 30; seed++) {
      const r = prng(seed);
      const files = new Map(original);
      const inc = new IncrementalRenderer();
      const kinds = edits('shop');
      const trail = [`seed ${seed}`];
      sameRender(files, undefined, inc, trail);
      for (let step = 0; step < 30; step++) {
        trail.push(r.pick(kinds)(files, original, r, step));
        sameRender(files, undefined, inc, trail);
      }
      all.full += inc.counts.full;
      all.incremental += inc.counts.incremental;
    }
    // Both paths ran: a test of the whole render alone would prove nothing.
    assert.ok(all.incremental > 150, JSON.stringify(all));
    assert.ok(all.full > 75, JSON.stringify(all));
  });

  it('equals a whole render after random edit sequences on the fixture charts', () => {
    assert.ok(fixtures.length >= 15, `${fixtures.length} fixture charts`);
    let incremental = 0;
    for (const f of fixtures) {
      const chartName = /^name:\s*(\S+)/m.exec(f.files.get('Chart.yaml') ?? '')?.[1] ?? f.name;
      for (let seed = 1; seed <= 4; seed++) {
        const r = prng(seed * 7919 + f.name.length);
        const files = new Map(f.files);
        const inc = new IncrementalRenderer();
        const kinds = edits(chartName);
        const trail = [`${f.name}, seed ${seed}`];
        sameRender(files, f.binaries, inc, trail);
        for (let step = 0; step < 15; step++) {
          trail.push(r.pick(kinds)(files, f.files, r, step));
          sameRender(files, f.binaries, inc, trail);
        }
        incremental += inc.counts.incremental;
      }
    }
    assert.ok(incremental > 50, `${incremental} incremental renders`);
  });

  it('executes only the edited template and what includes it by file name', () => {
    const inc = new IncrementalRenderer();
    const files = new Map(Object.entries(SHOP));
    const first = inc.render({ files: new Map(files) }, OPTS);
    files.set('templates/configmap.yaml', SHOP['templates/configmap.yaml'].replace('b: two', 'b: two') + '  added: "x"\n');
    const next = inc.render({ files: new Map(files) }, OPTS);
    assert.deepEqual(inc.counts, { full: 1, incremental: 1, unchanged: 0 });
    const changed = next.templates.filter((t, i) => t !== first.templates[i]).map((t) => t.path);
    // The deployment's checksum annotation includes the ConfigMap's template.
    assert.deepEqual(changed, ['templates/configmap.yaml', 'templates/deployment.yaml']);
    assert.notEqual(next.templates.find((t) => t.path === 'templates/deployment.yaml')!.output, first.templates.find((t) => t.path === 'templates/deployment.yaml')!.output);
  });

  it('renders whole after a shared mutation, a define, or a values edit', () => {
    for (const [p, add] of [
      ['templates/job.yaml', '{{- $_ := set .Values "mutated" "yes" }}\n'],
      ['templates/job.yaml', '{{- define "x" }}{{ end }}\n'],
      ['values.yaml', 'replicas: 3\n'],
      ['templates/_helpers.tpl', '\n'],
      ['files/app.conf', 'more\n'],
    ]) {
      const inc = new IncrementalRenderer();
      const files = new Map(Object.entries(SHOP));
      inc.render({ files: new Map(files) }, OPTS);
      files.set(p, files.get(p)! + add);
      const got = inc.render({ files: new Map(files) }, OPTS);
      assert.deepEqual(inc.counts, { full: 2, incremental: 0, unchanged: 0 }, `${p} + ${JSON.stringify(add)}`);
      assert.deepStrictEqual(got, renderChart({ files }, OPTS));
    }
  });

  it('a template that mutates shared values sends every later edit to a whole render', () => {
    const inc = new IncrementalRenderer();
    const files = new Map(Object.entries(SHOP));
    files.set('templates/zz-last.yaml', '{{- $_ := set .Values "mutated" "by-zz" }}\n' + SHOP['templates/zz-last.yaml']);
    inc.render({ files: new Map(files) }, OPTS);
    files.set('templates/configmap.yaml', SHOP['templates/configmap.yaml'] + '# comment\n');
    const got = inc.render({ files: new Map(files) }, OPTS);
    assert.equal(inc.counts.incremental, 0);
    // Helm executes in reverse name order: local.yaml runs after zz-last.yaml and sees its mutation.
    assert.match(got.templates.find((t) => t.path === 'templates/local.yaml')!.output, /seen: "by-zz"/);
  });
});
