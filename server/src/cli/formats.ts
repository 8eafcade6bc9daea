// The CLI's output formats: a compiler-like text, JSON, and SARIF 2.1.0 for code scanning.
import { createHash } from 'node:crypto';
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

/** ANSI styles, or none. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  severity(sev: Severity, s: string): string;
}

const sgr = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
export const COLOR: Style = {
  bold: sgr('1'),
  dim: sgr('2'),
  severity: (sev, s) => (sev === 'error' ? sgr('1;31') : sev === 'warning' ? sgr('1;33') : sgr('1;36'))(s),
};
export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, severity: (_, s) => s };

export function toText(results: ChartFindings[], cwd: string, style: Style = PLAIN, quiet = false): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const { chartDir, findings } of results) {
    for (const f of findings) {
      counts[f.severity]++;
      lines.push(`${style.bold(where(chartDir, f.location, cwd) + ':')} ${style.severity(f.severity, f.severity)} ${style.dim(f.rule + ':')} ${f.message}`);
      if (f.detail) lines.push(...f.detail.split('\n').map((l) => `  ${l}`));
      for (const r of f.related) lines.push(`  ${where(chartDir, r, cwd)}: ${style.dim('note:')} ${r.message}`);
      if (f.base) lines.push(`  ${style.dim('compared with')} ${f.base}`);
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (quiet) return lines.length ? lines.join('\n') + '\n' : '';
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
      ...(f.base ? { base: f.base } : {}),
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

// GitLab Code Quality (a subset of the Code Climate spec): https://docs.gitlab.com/ci/testing/code_quality/
const CODECLIMATE_SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

export function toCodeClimate(results: ChartFindings[], cwd: string): string {
  const seen = new Map<string, number>();
  const issues = results.flatMap(({ chartDir, findings }) =>
    findings.map((f) => {
      const file = path.relative(cwd, path.resolve(chartDir, f.location.path)).split(path.sep).join('/');
      // Stable across runs and line shifts, so GitLab can tell new issues from old ones; repeats get a counter.
      const identity = [f.rule, file, f.resource ? `${f.resource.kind}/${f.resource.namespace}/${f.resource.name}` : '', f.message].join('\0');
      const n = seen.get(identity) ?? 0;
      seen.set(identity, n + 1);
      return {
        type: 'issue',
        check_name: f.rule,
        description: f.message,
        categories: ['Bug Risk'],
        severity: CODECLIMATE_SEVERITY[f.severity],
        fingerprint: createHash('md5').update(identity + (n ? `\0${n}` : '')).digest('hex'),
        location: {
          path: file,
          positions: {
            begin: { line: f.location.range.start.line + 1, column: f.location.range.start.character + 1 },
            end: { line: f.location.range.end.line + 1, column: f.location.range.end.character + 1 },
          },
        },
      };
    }),
  );
  return JSON.stringify(issues, null, 2) + '\n';
}
