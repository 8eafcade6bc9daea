// The Kubernetes objects a rendered chart declares, with Helm's view of each (regular, hook or dropped).
import { isScalar, isSeq, parseDocument, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { parseHook, type HookParse } from '../../chart/hooks';
import { splitDocuments, type DocumentSlice } from '../../chart/manifests';
import type { RenderedChart, RenderedTemplate, SourceSpan } from '../../chart/types';
import { asMap, child, pairOf, scalarContentRange, stringValue } from './yamlNodes';
import { Lru } from '../../util/lru';

/** Offsets into `template.output`. */
export interface OutRange {
  start: number;
  end: number;
}

export interface Annotation {
  key: string;
  /** The value as Helm's hook parsing reads it; undefined for a map or list (Helm then fails to read the manifest). */
  value: string | undefined;
  /** Not a YAML string: Kubernetes rejects the object when Helm installs it. */
  nonString: boolean;
  pair: OutRange;
  keyRange: OutRange;
  valueRange: OutRange;
  /** Inside the quotes of a quoted value. */
  valueContent: OutRange;
}

export interface Resource {
  template: RenderedTemplate;
  doc: DocumentSlice;
  apiVersion: string;
  kind: string;
  /** API group: `apps` for apps/v1, empty for the core group. */
  group: string;
  name: string;
  /** Effective namespace: metadata.namespace, else the release namespace; empty for cluster-scoped kinds. */
  namespace: string;
  /** group/kind/namespace/name: what Helm compares when it decides what to delete (kube.isMatchingInfo). */
  identity: string;
  root: YAMLMap<unknown, unknown>;
  nameRange?: OutRange;
  /** Inside the quotes when the name is quoted: where a suffix can go. */
  nameContentRange?: OutRange;
  kindRange?: OutRange;
  annotationsPair?: { range: OutRange; keyRange: OutRange; size: number };
  annotations: Map<string, Annotation>;
  lifecycle: HookParse;
}

export interface ModelProblem {
  rule: 'template-render-error' | 'manifest-invalid';
  message: string;
  detail?: string;
  /** Located in template text when known... */
  span?: SourceSpan;
  /** ...or in rendered output. */
  template?: RenderedTemplate;
  out?: OutRange;
  /** A value that quoting fixes. */
  quote?: OutRange;
}

export interface ChartModel {
  rendered: RenderedChart;
  releaseNamespace: string;
  resources: Resource[];
  problems: ModelProblem[];
}

// Kinds without a namespace; the rest get the release namespace when metadata.namespace is absent.
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'IngressClass',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'PodSecurityPolicy',
  'RuntimeClass',
  'CSIDriver',
  'VolumeSnapshotClass',
  'GatewayClass',
  'ClusterIssuer',
  'ClusterWorkflowTemplate',
  'ClusterSecretStore',
  'ClusterTriggerAuthentication',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function identityOf(group: string, kind: string, namespace: string, name: string): string {
  return `${group}/${kind}/${namespace}/${name}`;
}

function rangeOf(base: number, node: unknown): OutRange | undefined {
  const r = (node as Scalar | undefined)?.range;
  return r ? { start: base + r[0], end: base + r[1] } : undefined;
}

function readAnnotations(base: number, pair: Pair<unknown, unknown> | undefined): Map<string, Annotation> {
  const out = new Map<string, Annotation>();
  const map = asMap(pair?.value);
  if (!map) return out;
  for (const item of map.items) {
    if (!isScalar(item.key)) continue;
    const keyRange = rangeOf(base, item.key);
    if (!keyRange) continue;
    const valueRange = rangeOf(base, item.value) ?? { start: keyRange.end, end: keyRange.end };
    const content = isScalar(item.value) ? scalarContentRange(item.value) : undefined;
    const valueContent = content ? { start: base + content[0], end: base + content[1] } : valueRange;
    const v = isScalar(item.value) ? item.value.value : item.value;
    // sigs.k8s.io/yaml hands numbers and booleans to a string field as their text, so Helm's hook parsing reads them;
    // only the Kubernetes decoder at install time rejects them. Maps and lists fail everywhere.
    const scalarText = typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : undefined;
    out.set(String(item.key.value), {
      key: String(item.key.value),
      value: typeof v === 'string' ? v : v === null ? '' : scalarText,
      nonString: typeof v !== 'string' && v !== null,
      pair: { start: keyRange.start, end: valueRange.end },
      keyRange,
      valueRange,
      valueContent,
    });
  }
  return out;
}

function describeYamlError(message: string): string {
  return message.split('\n')[0];
}

// Parsed documents by their text. An edit changes one template's documents; the others parse from here. Nodes carry
// offsets relative to the document text, so a parse is valid wherever the same text appears. Bounded by characters
// (a parse takes about 15 bytes per character), and a text is kept only when it comes back: a chart with random values
// renders new text on every edit, which would otherwise push out what is reused.
const parseCache = new Lru<string, Document.Parsed>({ maxEntries: 5000, maxSize: 2_000_000, sizeOf: (_, text) => text.length });
const seenOnce = new Lru<string, true>({ maxEntries: 4096 });

function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${h >>> 0}`;
}

// Within sharingParses: every parse, first sightings too. The baseline's documents are mostly the working tree's
// texts, seen for the first time in the same analysis; sharing their parses halves the work and the memory of both.
let scope: Map<string, Document.Parsed> | undefined;

/** Runs `run` with the documents parsed in it shared by text (dropped with the models that hold them). */
export function sharingParses<T>(run: () => T): T {
  if (scope) return run();
  scope = new Map();
  try {
    return run();
  } finally {
    scope = undefined;
  }
}

function parseCached(text: string): Document.Parsed {
  const hit = parseCache.get(text) ?? scope?.get(text);
  if (hit) return hit;
  const parsed = parseDocument(text, { version: '1.1', prettyErrors: false, uniqueKeys: false });
  scope?.set(text, parsed);
  const f = fingerprint(text);
  if (seenOnce.delete(f)) parseCache.set(text, parsed);
  else seenOnce.set(f, true);
  return parsed;
}

// The documents of a rendered template, parsed. An incremental render hands back the same template objects for what
// it did not execute again, so their documents are neither split nor looked up by text again.
const templateDocs = new WeakMap<RenderedTemplate, { doc: DocumentSlice; parsed: Document.Parsed }[]>();

function documentsOf(template: RenderedTemplate): { doc: DocumentSlice; parsed: Document.Parsed }[] {
  let docs = templateDocs.get(template);
  if (!docs) templateDocs.set(template, (docs = splitDocuments(template.output).map((doc) => ({ doc, parsed: parseCached(doc.text) }))));
  return docs;
}

function readDocument(template: RenderedTemplate, doc: DocumentSlice, parsed: Document.Parsed, releaseNamespace: string, model: ChartModel): void {
  if (parsed.errors.length > 0) {
    // A template that failed to render is analysed from its blanked text, whose YAML is only approximate.
    if (template.error) return;
    const err = parsed.errors[0];
    model.problems.push({
      rule: 'manifest-invalid',
      message: `Rendered YAML is invalid: ${describeYamlError(err.message)}`,
      detail: `Helm rejects the chart: "YAML parse error on ${template.sourceName}".`,
      template,
      out: { start: doc.start + err.pos[0], end: doc.start + Math.max(err.pos[1], err.pos[0] + 1) },
    });
    return;
  }
  const root = asMap(parsed.contents);
  if (!root) {
    // A comment-only document is skipped; a list or a scalar cannot be read as an object and fails the chart.
    const c = parsed.contents;
    const shape = isSeq(c) ? 'a list' : isScalar(c) && c.value !== null ? 'a scalar' : undefined;
    if (shape && !template.error) {
      const range = c!.range ?? [0, 1];
      model.problems.push({
        rule: 'manifest-invalid',
        message: `Rendered YAML document is ${shape}, not an object, so Helm rejects the chart ("YAML parse error on ${template.sourceName}")`,
        template,
        out: { start: doc.start + range[0], end: doc.start + Math.max(range[1], range[0] + 1) },
      });
    }
    return;
  }
  const kind = stringValue(child(root, 'kind')) ?? '';
  const apiVersion = stringValue(child(root, 'apiVersion')) ?? '';
  const metadata = child(root, 'metadata');
  const nameNode = child(metadata, 'name');
  const name = stringValue(nameNode) ?? '';
  const nsNode = stringValue(child(metadata, 'namespace'));
  const annotationsPair = pairOf(metadata, 'annotations');
  const annotations = readAnnotations(doc.start, annotationsPair);
  for (const a of annotations.values()) {
    if (!a.nonString || template.error) continue;
    if (a.value === undefined) {
      model.problems.push({
        rule: 'manifest-invalid',
        message: `Annotation "${a.key}" must be a string, not a map or a list`,
        detail:
          `Helm fails to read this manifest: "YAML parse error on ` +
          `${template.sourceName}: error unmarshaling JSON: ... cannot unmarshal ... into Go struct field .metadata.annotations of type string".`,
        template,
        out: a.valueRange,
      });
    } else {
      model.problems.push({
        rule: 'manifest-invalid',
        message: `Annotation "${a.key}" must be a string, not ${a.value}`,
        detail:
          `helm template and helm lint accept it, but helm install and ` +
          `helm upgrade fail to build the object ("json: cannot unmarshal ... into Go struct field ObjectMeta.metadata.annotations ` +
          `of type string"). Quote the value.`,
        template,
        out: a.valueRange,
        quote: a.valueRange,
      });
    }
  }
  const group = groupOf(apiVersion);
  const namespace = CLUSTER_SCOPED.has(kind) ? '' : nsNode || releaseNamespace;
  const stringAnnotations = new Map([...annotations].map(([k, a]) => [k, a.value ?? '']));
  const content = nameNode && isScalar(nameNode) ? scalarContentRange(nameNode) : undefined;
  const annKey = rangeOf(doc.start, annotationsPair?.key);
  const annValue = rangeOf(doc.start, annotationsPair?.value);
  model.resources.push({
    template,
    doc,
    apiVersion,
    kind,
    group,
    name,
    namespace,
    identity: identityOf(group, kind, namespace, name),
    root,
    nameRange: rangeOf(doc.start, nameNode),
    nameContentRange: content ? { start: doc.start + content[0], end: doc.start + content[1] } : undefined,
    kindRange: rangeOf(doc.start, child(root, 'kind')),
    annotationsPair:
      annKey && annotationsPair
        ? {
            range: { start: annKey.start, end: annValue?.end ?? annKey.end },
            keyRange: annKey,
            size: asMap(annotationsPair.value)?.items.length ?? 0,
          }
        : undefined,
    annotations,
    lifecycle: parseHook(stringAnnotations),
  });
}

/** Reads every document of every rendered template. Never throws: bad YAML becomes a located problem. */
export function buildModel(rendered: RenderedChart, releaseNamespace: string): ChartModel {
  const model: ChartModel = { rendered, releaseNamespace, resources: [], problems: [] };
  for (const e of rendered.errors) model.problems.push({ rule: 'template-render-error', message: e.message, span: e.span });
  for (const template of rendered.templates) {
    if (template.error) {
      model.problems.push({ rule: 'template-render-error', message: template.error.message, span: template.error.span });
    }
    for (const { doc, parsed } of documentsOf(template)) readDocument(template, doc, parsed, releaseNamespace, model);
  }
  return model;
}

export function isRegular(r: Resource): boolean {
  return r.lifecycle.kind === 'regular';
}
