// Differential conformance: the test tables of Go's text/template and Sprig (from their Debian source packages,
// read at test time), each case a tiny chart, rendered by us and by the real Helm 3.17.3. Prints agree/total per
// suite and every disagreement; fails on any disagreement not in EXCEPTIONS, and on an exception that now agrees.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareWithHelm, report } from '../helpers/oracle';
import { EXCEPTIONS } from './exceptions';
import { goSuites, sprigSuite, type Suite } from './suites';

const suites: Suite[] = [...goSuites(), sprigSuite()];

describe('conformance with Helm 3.17.3 on other projects\' test tables', () => {
  for (const suite of suites) {
    it(`${suite.name} (${suite.source})`, async () => {
      const bad = await compareWithHelm(suite.cases);
      const agree = suite.cases.length - bad.length;
      const excused = bad.filter((d) => EXCEPTIONS[d.name]);
      const unexpected = bad.filter((d) => !EXCEPTIONS[d.name]);
      const names = new Set(suite.cases.map((c) => c.name));
      const stale = Object.keys(EXCEPTIONS).filter((n) => names.has(n) && !bad.some((d) => d.name === n));
      console.log(
        `${suite.name}: ${agree}/${suite.cases.length} agree, ${excused.length} documented exceptions, ${suite.untranslatable.length} not translatable` +
          (suite.untranslatable.length ? `\n${suite.untranslatable.map((u) => `  not translatable: ${u.name}: ${u.reason}`).join('\n')}` : '') +
          (excused.length ? `\n${excused.map((d) => `  exception: ${d.name}: ${EXCEPTIONS[d.name]}`).join('\n')}` : ''),
      );
      assert.ok(suite.cases.length > 20, `only ${suite.cases.length} cases extracted from ${suite.source}`);
      assert.equal(unexpected.length, 0, `${unexpected.length} disagreements:\n${report(unexpected)}`);
      assert.deepEqual(stale, [], 'exceptions that now agree with Helm: remove them');
    });
  }
});
