// Test helpers: build engine values from plain JS and render a template string.

import { renderTemplate, TemplateFile } from '../../server/src/engine';
import type { Value } from '../../server/src/engine';

/** Plain JS (objects, arrays, numbers as float64) to engine values. */
export function v(x: unknown): Value {
  if (x === undefined) return undefined;
  if (x === null) return null;
  if (Array.isArray(x)) return x.map(v);
  if (typeof x === 'object' && !(x instanceof Map) && !(x instanceof Uint8Array)) {
    return new Map(Object.entries(x as Record<string, unknown>).map(([k, y]) => [k, v(y)]));
  }
  return x as Value;
}

/** Renders `text` with `.Values` = values; returns output or the error message prefixed with "ERROR: ". */
export function render(text: string, values: unknown = {}, helpers: TemplateFile[] = []): string {
  const r = renderTemplate(text, v({ Values: values }), { helpers });
  return r.error ? 'ERROR: ' + r.error.message : r.output;
}
