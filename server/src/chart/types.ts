// The contract between chart sources, the template engine and the analysis.
// Pure data: nothing here does I/O.

/** All files of one chart (and its subcharts under charts/), keyed by '/'-separated path relative to the chart root. */
export interface ChartFiles {
  files: ReadonlyMap<string, string>;
  /**
   * Optional binary files (not valid UTF-8 text, or containing NUL), keyed like `files`: chart archives under
   * `charts/` (`charts/common-2.1.0.tgz`) are loaded as subcharts from here; other entries are visible to `.Files`.
   * A path should be in `files` or `binaries`, not both (`files` wins).
   */
  binaries?: ReadonlyMap<string, Uint8Array>;
}

export interface RenderOptions {
  releaseName: string;
  namespace: string;
  /** Extra values files in order (`-f`), already read: later ones win. */
  valuesFiles?: { path: string; text: string }[];
  /** `--set a.b=c` expressions, applied after the values files. */
  set?: string[];
  /** `.Release.IsUpgrade` (false renders as `helm template` does); `.Release.IsInstall` is its negation. */
  isUpgrade?: boolean;
  /** `.Release.Revision` (default 1, as `helm template`). */
  revision?: number;
  /** Which Helm renders: 3 (3.17.3, the default) or 4 (4.1.4): functions, Capabilities, chart apiVersion, kind order. */
  helmMajor?: 3 | 4;
  /** `--kube-version`: `.Capabilities.KubeVersion` instead of the Helm version's default. */
  kubeVersion?: string;
  /** `--api-versions`: appended to `.Capabilities.APIVersions`. */
  apiVersions?: string[];
}

/** A range of template text: file path relative to the top chart root, UTF-16 offsets into that file's text. */
export interface SourceSpan {
  path: string;
  start: number;
  end: number;
}

/**
 * One run of rendered output and where it came from. `text` runs copy template text one to one, so output offset
 * `o` maps to `span.start + (o - outStart)`; `action` runs were produced by an action (or a function of one), so all
 * of their offsets map to the whole `span`. `site` is the outermost span in the rendered template's own file: the
 * action there (an `include`, `template`, `tpl` call) that led to `span`, or `span` itself.
 */
export interface ProvenanceSegment {
  outStart: number;
  outEnd: number;
  kind: 'text' | 'action';
  span: SourceSpan;
  site: SourceSpan;
  /**
   * Optional: for an `action` run whose output came straight from the values (`{{ .Values.a.b }}`, possibly through
   * quote/default/toString/... or `$.Values`), the key and value in the values text that won: the last `-f` file
   * (`RenderOptions.valuesFiles[].path`) that sets it, else the values.yaml of the chart (or of a parent chart) that
   * sets it. Absent when the value came from `--set`, a global, a fallback, or could not be located.
   */
  value?: SourceSpan;
}

export interface RenderError {
  /** Go-like text, e.g. `template: app/templates/cm.yaml:3:14: executing "app/templates/cm.yaml" at <...>: ...` */
  message: string;
  span: SourceSpan;
}

export interface RenderedTemplate {
  /** Path relative to the top chart root, e.g. `templates/cm.yaml` or `charts/sub/templates/x.yaml`. */
  path: string;
  /** The name `helm template` prints after `# Source: `, e.g. `app/templates/cm.yaml`, `app/charts/sub/templates/x.yaml`. */
  sourceName: string;
  /** Rendered text after Helm's post-processing (missing values as empty). When `error` is set, the template text with
   *  every action blanked to spaces (newlines kept), so offsets still match the file. */
  output: string;
  /** Sorted, non-overlapping segments covering `output`. */
  segments: ProvenanceSegment[];
  error?: RenderError;
}

export interface RenderedChart {
  /** Chart.yaml `name` of the top chart (or the folder name when Chart.yaml has none). */
  chartName: string;
  /** Every non-partial template (not `_*`, not NOTES.txt) of the chart and its enabled subcharts, sorted by path. */
  templates: RenderedTemplate[];
  /** Errors that belong to no single template (Chart.yaml, values), with their location. */
  errors: RenderError[];
}
