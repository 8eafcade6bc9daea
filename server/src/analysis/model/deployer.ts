// Who deploys the chart. Everything that depends on the deployer's hook semantics reads it from the view.
import type { ChartModel } from './resources';

export type Deployer = 'helm' | 'argocd';
export type DeployerSetting = 'auto' | Deployer;

export const ARGOCD_ANNOTATION_PREFIX = 'argocd.argoproj.io/';

/** `auto`: Argo CD when any object carries an argocd.argoproj.io annotation, else Helm. */
export function resolveDeployer(setting: DeployerSetting, model: ChartModel): Deployer {
  if (setting !== 'auto') return setting;
  const argo = model.resources.some((r) => [...r.annotations.keys()].some((k) => k.startsWith(ARGOCD_ANNOTATION_PREFIX)));
  return argo ? 'argocd' : 'helm';
}
