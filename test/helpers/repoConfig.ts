// One repository config, read by the CLI tests and the protocol tests alike: both must see the same options.
import { SAMPLE_CHART, withHook } from './charts';
import { tempRepo, type TempRepo } from './git';

export const CONFIG_TEXT = `# Helm Hook Guard settings for this repository
charts:
  - path: basic-app
    releaseName: cfg-release
    namespace: cfg-ns
    valuesFiles: [values-cfg.yaml]
    set: { config.databaseUrl: "007" }
rules:
  hook-deletes-referenced-resource: warning
  hook-uses-regular-resource: "off"
ignore: ["vendor/**"]
`;

/** What the config changes: release name, namespace, values file, --set, severities. */
export const EXPECTED = {
  configMap: 'cfg-release-basic-app-config',
  namespace: 'cfg-ns',
  greeting: 'from-cfg-values',
  databaseUrl: '007',
  severity: 'warning',
};

export const BROKEN_TEXT = CONFIG_TEXT.replace('    namespace: cfg-ns\n', '    namespace: cfg-ns\n    deployer: helm5\n');

/** The sample committed with a regular ConfigMap, then made a hook in the working tree; the config at the root,
 *  and a copy of the chart under vendor/ that the config ignores. */
export function configuredRepo(config = CONFIG_TEXT): TempRepo {
  const repo = tempRepo({ 'basic-app': SAMPLE_CHART, 'vendor/copy': SAMPLE_CHART });
  repo.write('basic-app/values-cfg.yaml', `config:\n  greeting: ${EXPECTED.greeting}\n`);
  repo.commit('base');
  repo.write('.helm-hook-guard.yaml', config);
  for (const c of ['basic-app', 'vendor/copy']) repo.write(`${c}/templates/configmap.yaml`, withHook(repo.read(`${c}/templates/configmap.yaml`)));
  return repo;
}
