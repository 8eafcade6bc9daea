// Every rule, by stable id. Adding a rule: one file in this folder, one line here, one page in docs/rules.
import type { CodeFix, TextOf } from '../fixes/edits';
import * as hookDeletesReferencedResource from './hookDeletesReferencedResource';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [hookDeletesReferencedResource.rule];

/** Findings that are not a rule's: the chart could not be rendered or read the way Helm reads it. */
export const BUILTIN_CHECKS: readonly Pick<Rule, 'id' | 'defaultSeverity' | 'description'>[] = [
  { id: 'template-render-error', defaultSeverity: 'error', description: 'A template does not render (syntax error, unknown function, failed `required`/`fail`).' },
  { id: 'manifest-invalid', defaultSeverity: 'error', description: 'Rendered output that Helm cannot read: invalid YAML or non-string annotations.' },
];

const FIXERS: Record<string, (data: never, textOf: TextOf) => CodeFix[]> = {
  [hookDeletesReferencedResource.ID]: hookDeletesReferencedResource.fixes,
};

/** The quick fixes of a finding, from the data its rule attached. */
export function fixesFor(rule: string, data: unknown, textOf: TextOf): CodeFix[] {
  if (!data || !Object.hasOwn(FIXERS, rule)) return [];
  return FIXERS[rule](data as never, textOf);
}
