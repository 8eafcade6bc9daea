// The repository config: parsing with located problems, chart resolution, layering, and the JSON Schema in step.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { RULE_METAS } from '../../server/src/analysis/analyze';
import { analysisDeployer, DEPLOYERS, helmReleaseSettings, mergeFlux, mergeOptions, parseConfig, resolveChart, setKey } from '../../server/src/config/config';
import { folderMatches, globRegex } from '../../server/src/config/glob';
import { ConfigLoader, loadConfig } from '../../server/src/config/load';
import { positionOf, REPO_ROOT } from '../helpers/charts';

const IDS = RULE_METAS.map((r) => r.id);
const FILE = '/repo/.helm-hook-guard.yaml';
const parse = (text: string) => parseConfig(text, FILE, IDS);

const EXAMPLE = `charts:                      # the first entry whose path matches a chart wins
  - path: charts/my-app
    releaseName: my-app
    namespace: prod
    valuesFiles: [values-prod.yaml]
    set: { image.tag: "1.2.3", replicas: 3, debug: true, "a\\\\,b": "x,y" }
    deployer: helm4
    kubeVersion: v1.34.0
    apiVersions: [monitoring.coreos.com/v1]
  - path: charts/*
    namespace: staging
rules:
  hook-left-after-uninstall: "off"
ignore: ["charts/legacy/**"]
`;

const cases: [string, string, string, RegExp][] = [
  ['invalid YAML', 'namespace: b: c\n', 'b: c', /invalid YAML: Nested mappings are not allowed in compact mappings$/],
  ['not a mapping', '- a\n', '- a', /must be a mapping/],
  ['unknown top-level key', 'rule:\n  x: off\n', 'rule', /unknown key "rule" \(did you mean "rules"\?\)/],
  ['unknown chart key', 'charts:\n  - path: a\n    relaseName: x\n', 'relaseName', /unknown key "relaseName" in charts\[0\] \(did you mean "releaseName"\?\)/],
  ['entry without path', 'charts:\n  - namespace: x\n', 'namespace: x', /charts\[0\] needs a path/],
  ['unknown deployer', 'deployer: helm5\n', 'helm5', /"helm5" is not a deployer .*auto, helm, helm4, helm3, flux, argocd/],
  ['unknown rule', 'rules:\n  hook-left-after-uninstal: "off"\n', 'hook-left-after-uninstal', /unknown rule "hook-left-after-uninstal" \(did you mean "hook-left-after-uninstall"\?\)/],
  ['bad severity', 'rules:\n  hook-weight-invalid: loud\n', 'loud', /must be one of error, warning, info, hint, off/],
  ['bad kube version', 'kubeVersion: latest\n', 'latest', /not a Kubernetes version/],
  ['bad API version', 'apiVersions: ["a b"]\n', '"a b"', /is not an API version/],
  ['values files not a list', 'valuesFiles: prod.yaml\n', 'prod.yaml', /must be a list of strings/],
  ['set value not a scalar', 'set:\n  a: [1]\n', '[1]', /set\.a must be a string, number, boolean or null/],
  ['duplicate key', 'namespace: a\nnamespace: b\n', 'namespace: b', /invalid YAML: Map keys must be unique/],
  ['unknown apply mode', 'applyMode: serverside\n', 'serverside', /"serverside" is not an apply mode \(did you mean "server-side"\?\)/],
  ['unknown flux key', 'flux:\n  upgrade:\n    disableHook: true\n', 'disableHook', /unknown key "disableHook" in flux\.upgrade \(did you mean "disableHooks"\?\)/],
  ['flux disableHooks not a boolean', 'flux:\n  install:\n    disableHooks: "yes"\n', '"yes"', /flux\.install\.disableHooks must be true or false/],
  ['flux remediation strategy', 'flux:\n  upgrade:\n    remediation:\n      strategy: rollbak\n', 'rollbak', /"rollbak" is not one of rollback, uninstall \(did you mean "rollback"\?\)/],
  ['flux install has no remediation strategy', 'flux:\n  install:\n    remediation:\n      strategy: rollback\n', 'strategy', /unknown key "strategy" in flux\.install\.remediation/],
  ['flux retries not an integer', 'flux:\n  upgrade:\n    remediation:\n      retries: 1.5\n', '1.5', /retries must be an integer/],
];

describe('parseConfig', () => {
  it('reads the documented shape', () => {
    const { config, problems } = parse(EXAMPLE);
    assert.deepEqual(problems, []);
    assert.ok(config);
    assert.deepEqual(config.defaults.rules, { 'hook-left-after-uninstall': 'off' });
    assert.deepEqual(config.ignore, ['charts/legacy/**']);
    const [app, rest] = config.charts;
    assert.equal(app.path, 'charts/my-app');
    assert.equal(app.releaseName, 'my-app');
    assert.equal(app.deployer, 'helm4');
    assert.equal(app.kubeVersion, 'v1.34.0');
    assert.deepEqual(app.apiVersions, ['monitoring.coreos.com/v1']);
    // Strings stay strings (--set-string, escaped); numbers and booleans are typed (--set).
    assert.deepEqual(app.setString, ['image.tag=1.2.3', 'a\\,b=x\\,y']);
    assert.deepEqual(app.set, ['replicas=3', 'debug=true']);
    assert.equal(rest.namespace, 'staging');
  });

  it('an empty file is an empty config', () => {
    for (const text of ['', '# nothing yet\n', '---\n']) assert.deepEqual(parse(text).problems, [], JSON.stringify(text));
  });

  for (const [name, text, at, message] of cases) {
    it(`locates a problem: ${name}`, () => {
      const { config, problems } = parse(text);
      assert.equal(config, undefined, 'a broken config is never applied');
      assert.ok(problems.length >= 1);
      const p = problems[0];
      assert.match(p.message, message);
      assert.equal(p.file, FILE);
      assert.deepEqual(p.range.start, positionOf(text, at), `${JSON.stringify(p)}`);
    });
  }
});

describe('resolveChart', () => {
  const { config } = parse(EXAMPLE);
  it('the first matching entry wins, over the top-level defaults; values files resolve against the chart', () => {
    const r = resolveChart(config!, '/repo/charts/my-app');
    assert.equal(r.entry, 0);
    assert.equal(r.ignored, false);
    assert.equal(r.options.namespace, 'prod');
    assert.deepEqual(r.options.valuesFiles, [path.resolve('/repo/charts/my-app/values-prod.yaml')]);
    assert.deepEqual(r.options.rules, { 'hook-left-after-uninstall': 'off' });
    assert.equal(resolveChart(config!, '/repo/charts/other').options.namespace, 'staging');
    assert.equal(resolveChart(config!, '/repo/apps/x').entry, undefined);
  });
  it('ignore globs name chart folders', () => {
    assert.equal(resolveChart(config!, '/repo/charts/legacy').ignored, true);
    assert.equal(resolveChart(config!, '/repo/charts/legacy/old').ignored, true);
    assert.equal(resolveChart(config!, '/repo/charts/legacyx').ignored, false);
  });
});

describe('globs', () => {
  it('*, **, ?, {a,b}, [..]', () => {
    assert.ok(globRegex('charts/*').test('charts/a'));
    assert.ok(!globRegex('charts/*').test('charts/a/b'));
    assert.ok(globRegex('**/app').test('app'));
    assert.ok(globRegex('**/app').test('x/y/app'));
    assert.ok(globRegex('services/**').test('services/a/b'));
    assert.ok(globRegex('{a,b}/c?').test('b/cd'));
    assert.ok(globRegex('[ab]x').test('bx') && !globRegex('[!ab]x').test('bx'));
    assert.ok(folderMatches('./charts/app/', 'charts/app'));
  });
});

describe('mergeOptions', () => {
  it('later layers win key by key; rules merge; a --set key of a higher layer replaces lower values of that key', () => {
    const m = mergeOptions(
      { releaseName: 'release-name', namespace: 'default', rules: { a: 'off' } as never },
      { namespace: 'prod', set: ['replicas=3'], setString: ['image.tag=1.2.3', 'x=1'], rules: { b: 'error' } as never },
      { set: ['image.tag=2'], rules: { a: 'warning' } as never },
    );
    assert.equal(m.releaseName, 'release-name');
    assert.equal(m.namespace, 'prod');
    assert.deepEqual(m.rules, { a: 'warning', b: 'error' });
    assert.deepEqual(m.set, ['replicas=3', 'image.tag=2']);
    assert.deepEqual(m.setString, ['x=1']);
    assert.equal(setKey('a\\=b=c'), 'a\\=b');
  });
  it('applyMode layers like the other keys; flux merges per action', () => {
    const m = mergeOptions(
      { applyMode: 'auto', flux: { install: { disableHooks: true }, upgrade: { disableHooks: true } } },
      { applyMode: 'client-side', flux: { upgrade: { remediation: { retries: 2 } } } },
    );
    assert.equal(m.applyMode, 'client-side');
    assert.deepEqual(m.flux, { install: { disableHooks: true }, upgrade: { remediation: { retries: 2 } } });
    assert.equal(mergeOptions({ applyMode: 'server-side' }, {}).applyMode, 'server-side');
  });
  it('reads applyMode and the HelmRelease keys of flux, top level and per chart', () => {
    const { config, problems } = parse(
      'applyMode: server-side\nflux:\n  upgrade:\n    disableHooks: true\n    disableTakeOwnership: true\n    serverSideApply: enabled\n    strategy: {name: RetryOnFailure, retryInterval: 2m}\n    remediation: {retries: -1, remediateLastFailure: false, strategy: uninstall}\n  rollback: {disableHooks: true}\ncharts:\n  - path: a\n    applyMode: client-side\n    flux: {uninstall: {disableHooks: true}}\n',
    );
    assert.deepEqual(problems, []);
    assert.equal(config!.defaults.applyMode, 'server-side');
    assert.deepEqual(config!.defaults.flux, {
      upgrade: { disableHooks: true, disableTakeOwnership: true, serverSideApply: 'enabled', strategy: { name: 'RetryOnFailure' }, remediation: { retries: -1, remediateLastFailure: false, strategy: 'uninstall' } },
      rollback: { disableHooks: true },
    });
    const r = resolveChart(config!, '/repo/a');
    assert.equal(r.options.applyMode, 'client-side');
    assert.deepEqual(Object.keys(r.options.flux!).sort(), ['rollback', 'uninstall', 'upgrade']);
  });
  it('each deployer is its own profile; helm (before profiles) is helm4', () => {
    assert.deepEqual(['auto', 'helm', 'helm4', 'helm3', 'flux', 'argocd'].map((d) => analysisDeployer(d as never)), ['auto', 'helm4', 'helm4', 'helm3', 'flux', 'argocd']);
  });
});

describe('ConfigLoader', () => {
  it('walks up to the nearest config, and stops at the repository root', async () => {
    const files = new Map([
      ['/r/.helm-hook-guard.yaml', 'namespace: top\n'],
      ['/r/sub/.helm-hook-guard.yml', 'namespace: sub\n'],
      ['/.helm-hook-guard.yaml', 'namespace: outside\n'],
    ]);
    const io = { read: async (f: string) => files.get(f), exists: async (f: string) => f === '/r/.git' || f === '/other/.git' };
    const loader = new ConfigLoader(io, IDS);
    assert.equal((await loader.forChart('/r/charts/a'))?.config?.defaults.namespace, 'top');
    assert.equal((await loader.forChart('/r/sub/charts/a'))?.config?.defaults.namespace, 'sub');
    assert.equal(await loader.forChart('/other/charts/a'), undefined, 'a config above the repository is not used');
    files.set('/r/.helm-hook-guard.yaml', 'namespace: [\n');
    assert.equal((await loader.forChart('/r/charts/a'))?.config?.defaults.namespace, 'top', 'cached until invalidated');
    loader.invalidate();
    const broken = await loader.forChart('/r/charts/a');
    assert.equal(broken?.config, undefined);
    assert.match(broken!.problems[0].message, /invalid YAML/);
  });
});

describe('the JSON Schema', () => {
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'helm-hook-guard.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('names every rule, and only those', () => {
    assert.deepEqual(Object.keys(schema.definitions.rules.properties).sort(), [...IDS].sort());
  });

  it('names the keys the parser knows', () => {
    const { problems } = parse(Object.keys(schema.properties).filter((k) => k !== 'charts' && k !== 'ignore').map((k) => `${k}: ~`).join('\n'));
    assert.ok(problems.every((p) => !/unknown key/.test(p.message)), JSON.stringify(problems));
  });

  it('accepts and rejects what the parser does', () => {
    const samples = [EXAMPLE, '', 'baseRef: origin/main\n', ...cases.map((c) => c[1]).filter((t) => !/^namespace: (b: c|a\nnamespace: b)\n$/.test(t))];
    for (const text of samples) {
      const parserOk = parse(text).problems.length === 0;
      const schemaOk = validate(parseYaml(text) ?? {});
      assert.equal(schemaOk, parserOk, `${JSON.stringify(text)}: schema ${schemaOk} (${JSON.stringify(validate.errors)}), parser ${parserOk}`);
    }
  });

  it('is contributed to the YAML extension for .helm-hook-guard.yaml; the deployer setting takes the same values', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.configuration.properties['helmHookGuard.deployer'].enum, [...DEPLOYERS]);
    assert.deepEqual(schema.properties.deployer.enum, [...DEPLOYERS]);
    const v = pkg.contributes.yamlValidation.find((x: { url: string }) => x.url === './schemas/helm-hook-guard.schema.json');
    assert.ok(v.fileMatch.includes('.helm-hook-guard.yaml'));
    const vscodeignore = readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8');
    assert.match(vscodeignore, /^!schemas\/\*\*$/m);
  });
});

describe('flux.helmRelease: the settings from a HelmRelease manifest', () => {
  const HR = `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: { name: repo }
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: app }
spec:
  interval: 5m
  chart: { spec: { chart: app } }
  install: { disableHooks: true, crds: Create, serverSideApply: false }
  upgrade: { remediation: { retries: 3, strategy: uninstall }, cleanupOnFail: true }
  rollback: { disableHooks: true }
`;

  it('reads the modelled keys of the spec and ignores the rest', () => {
    assert.deepEqual(helmReleaseSettings(HR), { flux: { install: { disableHooks: true, serverSideApply: false }, upgrade: { remediation: { retries: 3, strategy: 'uninstall' } }, rollback: { disableHooks: true } } });
    assert.match(helmReleaseSettings(HR, 'other').problem!, /no HelmRelease named "other"/);
    assert.match(helmReleaseSettings(HR + '---\n' + HR.split('---\n')[1].replace('name: app', 'name: b')).problem!, /2 HelmReleases in the file \(app, b\): name one with #<name>/);
    assert.deepEqual(helmReleaseSettings(HR + '---\n' + HR.split('---\n')[1].replace('name: app', 'name: b').replace('retries: 3', 'retries: 1'), 'b').flux!.upgrade, { remediation: { retries: 1, strategy: 'uninstall' } });
    assert.match(helmReleaseSettings(HR.replace('disableHooks: true, crds', 'disableHooks: "yes", crds')).problem!, /spec\.install\.disableHooks must be true or false/);
    assert.match(helmReleaseSettings('kind: ConfigMap\n').problem!, /no HelmRelease/);
  });

  it("the config's own flux keys win, key by key", () => {
    assert.deepEqual(mergeFlux({ upgrade: { disableHooks: true, remediation: { retries: 3, strategy: 'uninstall' } } }, { upgrade: { remediation: { retries: 0 } } }), {
      upgrade: { disableHooks: true, remediation: { retries: 0, strategy: 'uninstall' } },
    });
  });

  it('the loader reads the manifest relative to the config, per layer; a missing one is a located problem', async () => {
    const files = new Map([['/repo/clusters/prod/app.yaml', HR]]);
    const io = { read: async (f: string) => files.get(f) };
    const text = 'deployer: flux\nflux:\n  helmRelease: clusters/prod/app.yaml#app\n  upgrade: { disableHooks: true }\ncharts:\n  - path: b\n    flux: { helmRelease: missing.yaml }\n';
    const read: string[] = [];
    const broken = await loadConfig(text, FILE, IDS, io, (f) => read.push(f));
    assert.equal(broken.config, undefined);
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0].message, /^flux\.helmRelease: missing\.yaml: cannot read it$/);
    assert.deepEqual(broken.problems[0].range.start, positionOf(text, 'missing.yaml'));
    assert.deepEqual(read, ['/repo/clusters/prod/app.yaml', '/repo/missing.yaml']);
    const ok = await loadConfig(text.replace(/charts:[\s\S]*/, ''), FILE, IDS, io);
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(ok.config!.defaults.flux, { install: { disableHooks: true, serverSideApply: false }, upgrade: { remediation: { retries: 3, strategy: 'uninstall' }, disableHooks: true }, rollback: { disableHooks: true } });
    assert.equal(ok.config!.defaults.fluxHelmRelease, undefined);
    // The loader remembers the manifest, so the editor reloads the config when it changes.
    files.set('/repo/.helm-hook-guard.yaml', text.replace(/charts:[\s\S]*/, ''));
    const loader = new ConfigLoader({ read: async (f) => files.get(f), exists: async (f) => f === '/repo/.git' }, IDS);
    assert.deepEqual((await loader.forChart('/repo/charts/a'))!.config!.defaults.flux!.rollback, { disableHooks: true });
    assert.ok(loader.dependsOn('/repo/clusters/prod/app.yaml'));
    assert.ok(!loader.dependsOn('/repo/clusters/prod/other.yaml'));
  });
});
