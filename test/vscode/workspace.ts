// The workspace of the extension-host tests (test/vscode/index.ts): a git repository with the sample chart where
// HEAD has the regular ConfigMap, the working tree has it as a hook, and tag `hook-ref` has the hook committed.
import { SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';

export const CONFIGMAP = 'basic-app/templates/configmap.yaml';

export function makeExtensionTestWorkspace(): TempRepo {
  const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
  repo.commit('regular ConfigMap');
  repo.write(CONFIGMAP, withHook(repo.read(CONFIGMAP)));
  repo.commit('ConfigMap as a hook');
  repo.git('tag', 'hook-ref');
  repo.git('reset', '-q', 'HEAD~1'); // HEAD: regular again; the working tree keeps the hook
  return repo;
}
