// Who deploys the chart, and how: the profile. Everything that depends on Helm's version or on the deployer (rule
// semantics and messages, hook order, kind order, Capabilities, engine behaviour) reads it from the view.
import type { ChartModel } from './resources';

/**
 * helm4: Helm 4.1.4 (`helm install/upgrade`). helm3: Helm 3.17.3. flux: Flux's helm-controller, which runs the Helm 4
 * SDK with its own defaults (waits for all resources, takes ownership, remediation). argocd: Argo CD, which renders
 * with `helm template` and applies the result with its own hook phases.
 */
export type Profile = 'helm4' | 'helm3' | 'flux' | 'argocd';
export const PROFILES: readonly Profile[] = ['helm4', 'helm3', 'flux', 'argocd'];
/** `auto`: Argo CD when the chart carries argocd.argoproj.io annotations, else helm4. */
export type ProfileSetting = 'auto' | Profile;

/**
 * How Helm 4 applies objects (hooks included): `server-side` (server-side apply, a PATCH), `client-side` (create, then
 * three-way merge, as Helm 3), or `auto`, Helm 4's default: server-side apply for a new install, the last release's
 * method on upgrade and rollback (`--server-side=auto`), so a release installed by Helm 3 stays client-side.
 */
export type ApplyMode = 'auto' | 'server-side' | 'client-side';
export const APPLY_MODES: readonly ApplyMode[] = ['auto', 'server-side', 'client-side'];

export interface Deployer {
  profile: Profile;
  /** As configured; meaningful for helm4 and flux (Helm 3 and Argo CD never apply hooks server-side through Helm). */
  applyMode: ApplyMode;
  /** The Helm whose template engine renders the chart: 3 for helm3, 4 for the others (Flux's helm-controller and
   *  Argo CD bundle Helm 4). */
  helmMajor: 3 | 4;
  /** True when the profile came from `auto`. */
  auto: boolean;
}

export const ARGOCD_ANNOTATION_PREFIX = 'argocd.argoproj.io/';

/** Reads a configured profile: the profiles, `auto`, and `helm` (before profiles existed) as `helm4`. */
export function parseProfileSetting(v: unknown): ProfileSetting | undefined {
  if (v === 'helm') return 'helm4';
  return v === 'auto' || (PROFILES as readonly unknown[]).includes(v) ? (v as ProfileSetting) : undefined;
}

export function parseApplyMode(v: unknown): ApplyMode | undefined {
  return (APPLY_MODES as readonly unknown[]).includes(v) ? (v as ApplyMode) : undefined;
}

export function helmMajorOf(profile: Profile): 3 | 4 {
  return profile === 'helm3' ? 3 : 4;
}

export function hasArgoAnnotations(model: ChartModel): boolean {
  return model.resources.some((r) => [...r.annotations.keys()].some((k) => k.startsWith(ARGOCD_ANNOTATION_PREFIX)));
}

/** The profile a setting stands for on this chart. */
export function resolveProfile(setting: ProfileSetting, model: ChartModel): Profile {
  if (setting !== 'auto') return setting;
  return hasArgoAnnotations(model) ? 'argocd' : 'helm4';
}

export function makeDeployer(profile: Profile, applyMode: ApplyMode = 'auto', auto = false): Deployer {
  return { profile, applyMode, helmMajor: helmMajorOf(profile), auto };
}

/** Deploys with Helm's own actions and hook runner (everything but Argo CD). */
export function runsHelmHooks(d: Deployer): boolean {
  return d.profile !== 'argocd';
}

/** Helm 4's hook runner and waiting (helm4, flux). */
export function isHelm4(d: Deployer): boolean {
  return d.profile === 'helm4' || d.profile === 'flux';
}

/**
 * Whether Helm applies hooks with server-side apply on `op`: `always`, `never`, or `depends` (apply mode `auto` on
 * upgrade or rollback: the method the release was last deployed with). Uninstall hooks always use it in Helm 4
 * (pkg/action/uninstall.go forces serverSideApply).
 */
export function serverSideApply(d: Deployer, op: 'install' | 'upgrade' | 'rollback' | 'uninstall'): 'always' | 'never' | 'depends' {
  if (!isHelm4(d)) return 'never';
  if (op === 'uninstall') return 'always';
  if (d.applyMode === 'server-side') return 'always';
  if (d.applyMode === 'client-side') return 'never';
  return op === 'install' ? 'always' : 'depends';
}

type HookOp = 'install' | 'upgrade' | 'rollback' | 'uninstall' | 'test';

function opOf(event: string): HookOp {
  if (event.endsWith('-install')) return 'install';
  if (event.endsWith('-upgrade')) return 'upgrade';
  if (event.endsWith('-rollback')) return 'rollback';
  if (event.endsWith('-delete')) return 'uninstall';
  return 'test';
}

/** Whether the hook runs of these events use server-side apply: `always` when some run surely does, `depends` when
 *  some may (the release's last method), else `never`. `helm test` applies as the release was deployed
 *  (pkg/action/release_testing.go). */
export function hookServerSideApply(d: Deployer, events: readonly string[]): 'always' | 'never' | 'depends' {
  const methods = events.map((e) => {
    const op = opOf(e);
    return op === 'test' ? (isHelm4(d) ? (d.applyMode === 'auto' ? 'depends' : serverSideApply(d, 'install')) : 'never') : serverSideApply(d, op);
  });
  return methods.includes('always') ? 'always' : methods.includes('depends') ? 'depends' : 'never';
}

/** Helm 4 waits after a before-hook-creation delete only when it waits for resources: Flux does by default
 *  (StatusWatcherStrategy), `helm install/upgrade` does not (`--wait=hookOnly`, whose WaitForDelete returns at once). */
export function waitsForHookDeletion(d: Deployer): boolean {
  return d.profile === 'helm3' || d.profile === 'flux';
}

/** Words for messages: "Helm 4", "Helm 3", "Flux (Helm 4)", "Argo CD". */
export function deployerName(d: Deployer): string {
  return { helm4: 'Helm 4', helm3: 'Helm 3', flux: 'Flux (Helm 4)', argocd: 'Argo CD' }[d.profile];
}

/** A short label for status bars and the plan: "helm4 (auto)", "helm4, server-side". */
export function deployerLabel(d: Deployer): string {
  const apply = isHelm4(d) && d.applyMode !== 'auto' ? `, ${d.applyMode}` : '';
  return `${d.profile}${apply}${d.auto ? ' (auto)' : ''}`;
}
