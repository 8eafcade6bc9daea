// The CLI's output formats: a compiler-like text, JSON, and SARIF 2.1.0 for code scanning.
import * as path from 'node:path';
import type { Finding, Location, Severity } from '../analysis/findings';
import { RULE_METAS } from '../analysis/analyze';
import { PRODUCT, VERSION } from '../version';

export interface ChartFindings {
  chartDir: string;
  findings: Finding[];
}

function where(chartDir: string, loc: Location, cwd: string): string {
  const file = path.relative(cwd, path.resolve(chartDir, loc.path)) || loc.path;
  return `${file}:${loc.range.start.line + 1}:${loc.range.start.character + 1}`;
}

export function toText(results: ChartFindings[], cwd: string): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const { chartDir, findings } of results) {
    for (const f of findings) {
      counts[f.severity]++;
      lines.push(`${where(chartDir, f.location, cwd)}: ${f.severity} ${f.rule}: ${f.message}`);
      if (f.detail) lines.push(...f.detail.split('\n').map((l) => `  ${l}`));
      for (const r of f.related) lines.push(`  ${where(chartDir, r, cwd)}: note: ${r.message}`);
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  lines.push(
    total === 0
      ? 'No hook lifecycle problems found.'
      : `${total} finding${total === 1 ? '' : 's'}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info + counts.hint} info.`,
  );
  return lines.join('\n') + '\n';
}

export function toJson(results: ChartFindings[]): string {
  const findings = results.flatMap(({ chartDir, findings }) =>
    findings.map((f) => ({
      chart: chartDir,
      rule: f.rule,
      severity: f.severity,
      file: f.location.path,
      range: f.location.range,
      message: f.message,
      ...(f.detail ? { detail: f.detail } : {}),
      ...(f.resource ? { resource: f.resource } : {}),
      referencedBy: f.related.map((r) => ({ kind: r.kind, name: r.name, file: r.path, range: r.range, via: r.via })),
    })),
  );
  return JSON.stringify({ findings }, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function sarifLocation(chartDir: string, loc: Location, cwd: string) {
  const uri = path.relative(cwd, path.resolve(chartDir, loc.path)).split(path.sep).join('/');
  return {
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
      region: {
        startLine: loc.range.start.line + 1,
        startColumn: loc.range.start.character + 1,
        endLine: loc.range.end.line + 1,
        endColumn: loc.range.end.character + 1,
      },
    },
  };
}

export function toSarif(results: ChartFindings[], cwd: string): string {
  const rules = RULE_METAS.map((r) => ({
    id: r.id,
    name: r.id,
    shortDescription: { text: r.description },
    defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const sarifResults = results.flatMap(({ chartDir, findings }) =>
    findings.map((f) => ({
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.detail ? `${f.message}\n${f.detail}` : f.message },
      locations: [sarifLocation(chartDir, f.location, cwd)],
      ...(f.related.length > 0
        ? { relatedLocations: f.related.map((r, id) => ({ id, ...sarifLocation(chartDir, r, cwd), message: { text: r.message } })) }
        : {}),
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: PRODUCT, semanticVersion: VERSION, version: VERSION, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileUri(cwd) } },
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function pathToFileUri(dir: string): string {
  const abs = path.resolve(dir).split(path.sep).join('/');
  return 'file://' + (abs.startsWith('/') ? '' : '/') + encodeURI(abs) + '/';
}
