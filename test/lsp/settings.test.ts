// The settings as a layer over the repository config: a setting left at its default leaves the config's value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Charts } from '../../server/src/lsp/charts';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/lsp/settings';

describe('settings over the repository config', () => {
  const resolved = { ignored: false, options: { applyMode: 'server-side' as const, deployer: 'flux' as const, flux: { upgrade: { disableHooks: true } } } };

  it('applyMode: the config decides while the setting is auto; a set applyMode wins', () => {
    assert.equal(Charts.options(DEFAULT_SETTINGS, '/c', resolved).applyMode, 'server-side');
    assert.equal(Charts.options(normalizeSettings({ applyMode: 'client-side' }), '/c', resolved).applyMode, 'client-side');
    assert.equal(Charts.options(DEFAULT_SETTINGS, '/c').applyMode, 'auto');
  });

  it('the HelmRelease keys of flux come from the config', () => {
    assert.deepEqual(Charts.options(DEFAULT_SETTINGS, '/c', resolved).flux, { upgrade: { disableHooks: true } });
  });
});
