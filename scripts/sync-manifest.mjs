// Writes the rule settings of package.json from the rules in code (run after `npm run build`); a unit test fails on drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { RULES, BUILTIN_CHECKS } = require('../out/server/src/analysis/rules/index.js');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const severities = ['error', 'warning', 'info', 'hint', 'off'];
pkg.contributes.configuration.properties['helmHookGuard.rules'].properties = Object.fromEntries(
  [...RULES, ...BUILTIN_CHECKS].map((r) => [r.id, { type: 'string', enum: severities, default: r.defaultSeverity, description: r.description }]),
);
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
