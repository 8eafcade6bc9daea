// The one source of every rule list outside the code: the README rules table, the docs index, the rule settings
// of package.json and of the repository config's schema are rendered here from rule meta. scripts/generate.mjs writes them; a test fails on drift.
import { RULE_METAS } from './analyze';
import { SEVERITIES } from './findings';
import type { RuleMeta } from './contract';

const START = '<!-- generated: rules -->';
const END = '<!-- end generated: rules -->';

/** Rules in hazard order (H1, H2, ...), then the rest by id. */
export function catalogOrder(metas: readonly RuleMeta[] = RULE_METAS): RuleMeta[] {
  const n = (m: RuleMeta) => (m.hazard ? Number(m.hazard.slice(1)) : Infinity);
  return [...metas].sort((a, b) => n(a) - n(b) || a.id.localeCompare(b.id));
}

function between(text: string, body: string, file: string): string {
  const i = text.indexOf(START);
  const j = text.indexOf(END);
  if (i < 0 || j < i) throw new Error(`${file}: the markers ${START} and ${END} are missing`);
  return text.slice(0, i + START.length) + '\n' + body + '\n' + text.slice(j);
}

export function readmeRulesTable(metas: readonly RuleMeta[] = RULE_METAS): string {
  return [
    '| id | default | what it catches |',
    '|---|---|---|',
    ...catalogOrder(metas).map((m) => `| [\`${m.id}\`](docs/rules/${m.id}.md) | ${m.defaultSeverity} | ${m.description} |`),
  ].join('\n');
}

export function docsIndexTable(metas: readonly RuleMeta[] = RULE_METAS): string {
  return [
    '| id | default severity | hazard | needs baseline | summary |',
    '|---|---|---|---|---|',
    ...catalogOrder(metas).map(
      (m) =>
        `| [\`${m.id}\`](${m.id}.md) | ${m.defaultSeverity}${m.levels ? ` (${m.levels})` : ''} | ${m.hazard ?? '—'} | ` +
        `${m.needsBaseline ? 'yes' : 'no'} | ${m.description} |`,
    ),
  ].join('\n');
}

export const withReadmeRules = (text: string) => between(text, readmeRulesTable(), 'README.md');
export const withDocsIndex = (text: string) => between(text, docsIndexTable(), 'docs/rules/README.md');

/** The `helmHookGuard.rules` setting's properties: one per rule, with its default and description. */
export function ruleSettingProperties(metas: readonly RuleMeta[] = RULE_METAS): Record<string, unknown> {
  const values = [...[...SEVERITIES].reverse(), 'off'];
  return Object.fromEntries(
    [...metas].sort((a, b) => a.id.localeCompare(b.id)).map((m) => [m.id, { type: 'string', enum: values, default: m.defaultSeverity, description: m.description }]),
  );
}

/** The `rules` of the repository config's JSON Schema (schemas/helm-hook-guard.schema.json). */
export function withConfigSchemaRules(schemaJson: string): string {
  const schema = JSON.parse(schemaJson);
  const values = [...[...SEVERITIES].reverse(), 'off'];
  schema.definitions.rules.properties = Object.fromEntries(
    [...RULE_METAS].sort((a, b) => a.id.localeCompare(b.id)).map((m) => [m.id, { enum: values, description: `${m.description} (default: ${m.defaultSeverity})` }]),
  );
  return JSON.stringify(schema, null, 2) + '\n';
}

export function withRuleSettings(packageJson: string): string {
  const pkg = JSON.parse(packageJson);
  pkg.contributes.configuration.properties['helmHookGuard.rules'].properties = ruleSettingProperties();
  return JSON.stringify(pkg, null, 2) + '\n';
}
