// Findings as LSP diagnostics.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { Finding, Severity } from '../analysis/findings';
import type { PlannedFix } from '../analysis/fixes/edits';
import { PRODUCT } from '../version';

/** What a diagnostic carries for its code actions. */
export interface DiagnosticData {
  rule: string;
  chartDir: string;
  /** The texts the finding was computed on (see ChartAnalysis.stamp). */
  stamp: string;
  fix: PlannedFix[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

let docsDir: string | undefined | null = null;

/** The rule's page shipped with the extension (docs/rules/<id>.md), found once above this module. */
export function ruleDocUri(rule: string): string | undefined {
  if (docsDir === null) {
    docsDir = undefined;
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'docs', 'rules'))) {
        docsDir = path.join(dir, 'docs', 'rules');
        break;
      }
    }
  }
  const file = docsDir && path.join(docsDir, `${rule}.md`);
  return file && existsSync(file) ? URI.file(file).toString() : undefined;
}

export function toDiagnostic(f: Finding, data: DiagnosticData, uriOf: (rel: string) => string): Diagnostic {
  const href = ruleDocUri(f.rule);
  return {
    range: f.location.range,
    severity: SEVERITY[f.severity],
    source: PRODUCT,
    code: f.rule,
    ...(href ? { codeDescription: { href } } : {}),
    message: [f.message, f.detail, f.base && `Compared with ${f.base}.`].filter(Boolean).join('\n'),
    relatedInformation: f.related.map((r) => ({ location: { uri: uriOf(r.path), range: r.range }, message: r.message })),
    data,
  };
}
