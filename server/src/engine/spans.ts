// Where rendered output and errors come from: spans of template text. The engine owns these types; chart/types
// re-exports them for its callers.

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
  /**
   * `parse` when the template text does not parse (Helm fails the whole chart on the first one, in its parse order),
   * `exec` when executing it fails; absent for errors outside templates (Chart.yaml, values).
   */
  phase?: 'parse' | 'exec';
  /** Go-like text, e.g. `template: app/templates/cm.yaml:3:14: executing "app/templates/cm.yaml" at <...>: ...` */
  message: string;
  span: SourceSpan;
}
