// The soak: thousands of edits through the server over stdio, alternating a hook annotation on an object a workload
// references, with resident memory every `every` edits. Renders of a chart with random values (bitnami's generated
// passwords) differ on every edit, so anything cached by rendered text without a bound shows up here.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { typicalChart } from './genChart.mjs';
import { git, memoryMb, ms, now, round, startServer, stats } from './lsp.mjs';

// `npm run bench -- --real-charts <folder>` (or HHG_REAL_CHARTS): where bitnami-redis/ and cert-manager/ are.
const realArg = process.argv.indexOf('--real-charts');
export const REAL_CHARTS = (realArg >= 0 ? process.argv[realArg + 1] : undefined) ?? process.env.HHG_REAL_CHARTS ?? '/work/realcharts';

/** A chart of the real-charts folder by its first name there (folders have been named `bitnami-redis` and `redis`). */
export function realChart(...names) {
  const dirs = names.map((n) => join(REAL_CHARTS, n));
  return dirs.find((d) => existsSync(join(d, 'Chart.yaml'))) ?? dirs[0];
}

/** The soak's two charts: real ones when the folder of real charts has them, else generated ones shaped like them. */
export function soakCharts(work) {
  const out = [];
  const redis = realChart('bitnami-redis', 'redis');
  const certManager = realChart('cert-manager');
  if (existsSync(join(redis, 'charts/common/Chart.yaml'))) out.push({ name: 'bitnami redis (random passwords)', dir: redis, template: 'templates/configmap.yaml' });
  else out.push({ name: 'generated bitnami-shaped chart (random passwords)', files: withSecret(typicalChart()), template: 'templates/secret.yaml', inBlock: true });
  if (existsSync(join(certManager, 'Chart.yaml'))) out.push({ name: 'cert-manager (deterministic)', dir: certManager, template: 'templates/serviceaccount.yaml' });
  else {
    const files = withSecret(typicalChart());
    files.set('values.yaml', files.get('values.yaml').replace('auth:\n  password: ""', 'auth:\n  password: "fixed"'));
    out.push({ name: 'generated bitnami-shaped chart (deterministic)', files, template: 'templates/secret.yaml', inBlock: true });
  }
  return out.map((c, i) => ({ ...c, repo: materialize(join(work, `soak-${i}`), c) }));
}

// The Secret the generated chart's Deployments read (envFrom its password), as bitnami charts generate it.
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: {{ include "common.names.fullname" . }}
  annotations: {{- include "common.tplvalues.render" ( dict "value" .Values.commonAnnotations "context" $ ) | nindent 4 }}
type: Opaque
data:
  password: {{ include "common.secrets.passwords.manage" (dict "key" "password" "providedValues" (list "auth.password") "context" $) }}
`;

function withSecret(files) {
  files.set('templates/secret.yaml', SECRET);
  return files;
}

function materialize(dir, chart) {
  mkdirSync(dir, { recursive: true });
  if (chart.dir) cpSync(chart.dir, dir, { recursive: true, filter: (p) => !p.endsWith('/.git') });
  else for (const [p, text] of chart.files) (mkdirSync(join(dir, p, '..'), { recursive: true }), writeFileSync(join(dir, p), text));
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

const HOOK = '    "helm.sh/hook": pre-install,pre-upgrade\n';

/** The template with a hook annotation: in its annotations block (`inBlock`: the chart's values render one), else in a
 *  new one (a second annotations key would lose to the chart's own: the last key wins). */
export function withHook(text, name, inBlock = false) {
  const block = /^ {2}annotations: \{\{-.*\n/m.exec(text);
  if (inBlock && block) return text.slice(0, block.index + block[0].length) + HOOK + text.slice(block.index + block[0].length);
  const at = text.indexOf('metadata:\n');
  if (at < 0) throw new Error(`${name} has no metadata: line`);
  return text.slice(0, at + 10) + '  annotations:\n' + HOOK + text.slice(at + 10);
}

/** `edits` edits of one template, each waited for (its diagnostics published); memory every `every` edits. */
export async function soak(chart, edits = 10000, every = 1000, log = () => undefined) {
  const server = await startServer(chart.repo, { releaseName: 'soak' });
  await server.initialize();
  await server.conn.sendNotification('initialized', {});
  const uri = `${server.rootUri}/${chart.template}`;
  const plain = readFileSync(join(chart.repo, chart.template), 'utf8');
  const hooked = withHook(plain, chart.template, chart.inBlock);
  let p = server.published(uri, 1);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text: plain } });
  await p;
  const samples = [{ edits: 0, ...memoryMb(server.proc.pid) }];
  const times = [];
  let flagged = 0;
  const t00 = now();
  for (let v = 2; v <= edits + 1; v++) {
    const text = v % 2 === 0 ? hooked : plain;
    p = server.published(uri, v);
    const t0 = now();
    await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    const diagnostics = await p;
    times.push(ms(t0));
    if (v % 2 === 0 && diagnostics.some((d) => d.code === 'hook-deletes-referenced-resource')) flagged++;
    if ((v - 1) % every === 0) {
      const m = { edits: v - 1, ...memoryMb(server.proc.pid) };
      samples.push(m);
      log(`  ${chart.name}: ${m.edits} edits, ${m.rss} MB resident (${round(ms(t00) / 1000)} s)`);
    }
  }
  await server.stop();
  const first = samples.find((s) => s.edits >= every) ?? samples[samples.length - 1];
  const last = samples[samples.length - 1];
  return {
    chart: chart.name,
    edits,
    residentMb: samples.map((s) => [s.edits, s.rss]),
    peakMb: last.peak,
    growthAfterFirstThousandPct: round(((last.rss - first.rss) / first.rss) * 100),
    editToDiagnosticsMs: stats(times),
    hooksFlagged: `${flagged} of ${Math.floor(edits / 2)}`,
  };
}
