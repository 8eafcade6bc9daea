// Every rule, by stable id. Adding a rule: one file in this folder, one line here, one page in docs/rules.
import { realize, type CodeFix, type PlannedFix, type TextOf } from '../fixes/edits';
import { rule as hookAndRegularDuplicate } from './hookAndRegularDuplicate';
import { rule as hookDeletedBeforeUse } from './hookDeletedBeforeUse';
import { rule as hookDeletePolicyInvalid } from './hookDeletePolicyInvalid';
import { rule as hookDeletesReferencedResource } from './hookDeletesReferencedResource';
import { rule as hookEventUnknown } from './hookEventUnknown';
import { rule as hookLeftAfterUninstall } from './hookLeftAfterUninstall';
import { rule as hookNotRestoredOnRollback } from './hookNotRestoredOnRollback';
import { rule as hookOrderDependency } from './hookOrderDependency';
import { rule as hookRegeneratesSecret } from './hookRegeneratesSecret';
import { rule as hookToRegularOwnershipConflict } from './hookToRegularOwnershipConflict';
import { rule as hookUsesRegularResource } from './hookUsesRegularResource';
import { rule as hookWeightInvalid } from './hookWeightInvalid';
import { rule as preInstallOnlyHookReferenced } from './preInstallOnlyHookReferenced';
import { rule as referenceNotInChart } from './referenceNotInChart';
import { rule as removedResourceStillReferenced } from './removedResourceStillReferenced';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  hookDeletesReferencedResource,
  hookToRegularOwnershipConflict,
  hookDeletedBeforeUse,
  hookUsesRegularResource,
  preInstallOnlyHookReferenced,
  hookNotRestoredOnRollback,
  hookLeftAfterUninstall,
  hookDeletePolicyInvalid,
  hookEventUnknown,
  hookWeightInvalid,
  hookOrderDependency,
  hookAndRegularDuplicate,
  removedResourceStillReferenced,
  referenceNotInChart,
  hookRegeneratesSecret,
];

/** Findings that are not a rule's: the chart could not be rendered or read the way Helm reads it. */
export const BUILTIN_CHECKS: readonly Pick<Rule, 'id' | 'defaultSeverity' | 'description'>[] = [
  { id: 'template-render-error', defaultSeverity: 'error', description: 'A template does not render (syntax error, unknown function, failed `required`/`fail`).' },
  { id: 'manifest-invalid', defaultSeverity: 'error', description: 'Rendered output that Helm cannot read: invalid YAML or non-string annotations.' },
];

/** The quick fixes a finding planned, as edits against the texts it was computed on. */
export function fixesFor(data: unknown, textOf: TextOf): CodeFix[] {
  return Array.isArray(data) ? realize(data as PlannedFix[], textOf) : [];
}
