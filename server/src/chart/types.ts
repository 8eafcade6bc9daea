// The contract between chart sources, the template engine and the analysis.
// Pure data: nothing here does I/O.

import type { ProvenanceSegment, RenderError, SourceSpan } from '../engine';

export type { ProvenanceSegment, RenderError, SourceSpan };

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
  /** `--set-string` expressions (every value a string), applied after `set`, as Helm does. */
  setString?: string[];
  /** `--kube-version`: `.Capabilities.KubeVersion` (default v1.32.0, as `helm template` of Helm 3.17). */
  kubeVersion?: string;
  /** `--api-versions`: added to `.Capabilities.APIVersions`. */
  apiVersions?: string[];
  /** `.Release.IsUpgrade` (false renders as `helm template` does); `.Release.IsInstall` is its negation. */
  isUpgrade?: boolean;
  /** `.Release.Revision` (default 1, as `helm template`). */
  revision?: number;
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
