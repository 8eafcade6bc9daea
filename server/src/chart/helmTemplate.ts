// `helm template` output from a rendered chart (cmd/helm/template.go, pkg/action/action.go renderResources).
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { lessByKind, parseHook, stableSortBy } from './hooks';
import { splitDocuments } from './manifests';
import type { RenderedChart } from './types';

interface Entry {
  source: string;
  kind: string;
  content: string;
}

/** The last value of `key` in a YAML map (go-yaml v2, as Helm uses it, accepts duplicate keys: the last one wins). */
function lastOf(map: unknown, key: string): unknown {
  if (!isMap(map)) return undefined;
  let v: unknown;
  for (const item of map.items) if (isScalar(item.key) && String(item.key.value) === key) v = item.value;
  return v;
}

/** What encoding/json says when a document is not an object (releaseutil.SimpleHead is a struct). */
function notAnObject(root: unknown): string | undefined {
  if (root === null || isMap(root)) return undefined;
  const kind = isSeq(root) ? 'array' : isScalar(root) ? (root.value === null ? undefined : typeof root.value === 'string' ? 'string' : typeof root.value === 'boolean' ? 'bool' : 'number') : undefined;
  return kind && `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type releaseutil.SimpleHead`;
}

function head(text: string): { kind: string; annotations: Map<string, string> } | { error: string } | undefined {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false });
  if (doc.errors.length > 0) return undefined;
  const root = doc.contents;
  const bad = notAnObject(root);
  if (bad) return { error: bad };
  const annotations = new Map<string, string>();
  let kind = '';
  const k = lastOf(root, 'kind');
  if (isScalar(k) && typeof k.value === 'string') kind = k.value;
  const ann = lastOf(lastOf(root, 'metadata'), 'annotations');
  if (isMap(ann)) {
    for (const item of ann.items) {
      if (isScalar(item.key) && isScalar(item.value)) annotations.set(String(item.key.value), String(item.value.value ?? ''));
    }
  }
  return { kind, annotations };
}

export interface HelmTemplateOutput {
  text: string;
  /** Documents Helm drops because of an unknown hook event, as Helm logs them. */
  skipped: string[];
  /** Helm's failure as it prints it after `Error: ` (the first error, with Helm's hint when rendering failed). */
  error?: string;
}

/** What `helm template` prints on failure after `Error: ` when the error happened while rendering (cmd/helm/template.go). */
export const HELM_DEBUG_HINT = '\n\nUse --debug flag to render out invalid YAML';

/** engine.sortTemplates: deepest path first, then reverse byte order (the order Helm parses and executes files in). */
function helmFileOrder(a: string, b: string): number {
  const depth = (n: string): number => n.split('/').length;
  return depth(b) - depth(a) || Buffer.compare(Buffer.from(b, 'utf8'), Buffer.from(a, 'utf8'));
}

const SCHEMA_HEAD = "values don't meet the specifications of the schema(s) in the following chart(s):\n";

/** Helm reports every schema violation in one message: per chart its name, then its violations. */
function schemaMessage(messages: string[]): string {
  const byChart = new Map<string, string[]>();
  for (const m of messages) {
    const [chart, ...violations] = m.slice(SCHEMA_HEAD.length).split('\n');
    byChart.set(chart, [...(byChart.get(chart) ?? []), ...violations.filter(Boolean)]);
  }
  return SCHEMA_HEAD + [...byChart].map(([chart, v]) => `${chart}\n${v.join('\n')}\n`).join('');
}

/**
 * The error `helm template` reports for a rendered chart, after `Error: `, or undefined: the first chart or values
 * error (before rendering, no hint), else the first parse error in Helm's parse order, else the first execution
 * error in its execution order, both followed by Helm's `--debug` hint.
 */
export function helmRenderError(chart: RenderedChart): string | undefined {
  const early = chart.errors.find((e) => e.phase === undefined);
  if (early && early.message.startsWith(SCHEMA_HEAD)) return schemaMessage(chart.errors.filter((e) => e.phase === undefined && e.message.startsWith(SCHEMA_HEAD)).map((e) => e.message));
  if (early) return early.message;
  const failures = [
    ...chart.errors.map((e) => ({ name: `${chart.chartName}/${e.span.path}`, error: e })),
    ...chart.templates.flatMap((t) => (t.error ? [{ name: t.sourceName, error: t.error }] : [])),
  ];
  for (const phase of ['parse', 'exec'] as const) {
    const first = failures.filter((f) => f.error.phase === phase).sort((a, b) => helmFileOrder(a.name, b.name))[0];
    if (first) return first.error.message + HELM_DEBUG_HINT;
  }
  return undefined;
}

/** The text `helm template` prints: manifests sorted by kind first, then hooks; no NOTES.txt, no partials. */
export function helmTemplateOutput(chart: RenderedChart): HelmTemplateOutput {
  const manifests: Entry[] = [];
  const hooks: Entry[] = [];
  const skipped: string[] = [];
  const templates = [...chart.templates].sort((a, b) => (a.sourceName < b.sourceName ? -1 : a.sourceName > b.sourceName ? 1 : 0));
  const failed = helmRenderError(chart);
  if (failed !== undefined) return { text: '', skipped, error: failed };
  for (const t of templates) {
    for (const doc of splitDocuments(t.output)) {
      const h = head(doc.text);
      if (!h || 'error' in h) return { text: '', skipped, error: `YAML parse error on ${t.sourceName}${h ? `: ${h.error}` : ''}${HELM_DEBUG_HINT}` };
      const entry = { source: t.sourceName, kind: h.kind, content: doc.text };
      const parsed = parseHook(h.annotations);
      if (parsed.kind === 'regular') manifests.push(entry);
      else if (parsed.kind === 'hook') hooks.push(entry);
      else skipped.push(`info: skipping unknown hook: "${h.annotations.get('helm.sh/hook')}"`);
    }
  }
  const byKind = (a: Entry, b: Entry) => lessByKind(a.kind, b.kind);
  const manifestText = stableSortBy(manifests, byKind)
    .map((m) => `---\n# Source: ${m.source}\n${m.content}\n`)
    .join('');
  let text = manifestText.trim() + '\n';
  for (const h of stableSortBy(hooks, byKind)) text += `---\n# Source: ${h.source}\n${h.content}\n`;
  return { text, skipped };
}
