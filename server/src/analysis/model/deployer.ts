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
  /** The HelmRelease's settings that change what hooks do (flux only; Flux's defaults when not configured). */
  flux?: FluxSettings;
}

/**
 * What a HelmRelease says about hooks and failures, with Flux's defaults (helm-controller api/v2/helmrelease_types.go):
 * `spec.<action>.disableHooks` (Helm runs with DisableHooks: no hook of that action is applied at all),
 * `spec.install|upgrade.strategy.name` (RemediateOnFailure, or RetryOnFailure: retry with an upgrade, no remediation),
 * `spec.install|upgrade.remediation` (retries, default 0; remediateLastFailure, default false for install and
 * `retries > 0` for upgrade; for upgrade `strategy: rollback|uninstall`, default rollback; install always uninstalls),
 * `spec.install|upgrade.disableTakeOwnership` (Flux takes ownership of existing objects unless set),
 * `spec.install.serverSideApply` (default true) and `spec.upgrade|rollback.serverSideApply` (enabled, disabled, auto:
 * the default, the last release's method), internal/action/{install,upgrade,rollback}.go.
 */
export type FluxApplyMode = 'enabled' | 'disabled' | 'auto';
export interface FluxSettings {
  install: FluxRemediated & { serverSideApply: boolean };
  upgrade: FluxRemediated & { remediationStrategy: 'rollback' | 'uninstall'; serverSideApply: FluxApplyMode };
  rollback: { disableHooks: boolean; serverSideApply: FluxApplyMode };
  uninstall: { disableHooks: boolean };
}
interface FluxRemediated {
  disableHooks: boolean;
  disableTakeOwnership: boolean;
  strategy: 'RemediateOnFailure' | 'RetryOnFailure';
  retries: number;
  remediateLastFailure: boolean;
}

/** The HelmRelease spec keys we read, as a repository config gives them (every key optional). */
export interface FluxConfig {
  install?: { disableHooks?: boolean; disableTakeOwnership?: boolean; serverSideApply?: boolean; strategy?: { name?: 'RemediateOnFailure' | 'RetryOnFailure' }; remediation?: { retries?: number; remediateLastFailure?: boolean } };
  upgrade?: {
    disableHooks?: boolean;
    disableTakeOwnership?: boolean;
    serverSideApply?: FluxApplyMode;
    strategy?: { name?: 'RemediateOnFailure' | 'RetryOnFailure' };
    remediation?: { retries?: number; remediateLastFailure?: boolean; strategy?: 'rollback' | 'uninstall' };
  };
  rollback?: { disableHooks?: boolean; serverSideApply?: FluxApplyMode };
  uninstall?: { disableHooks?: boolean };
}

/** Flux's settings for a config, defaults filled in as helm-controller fills them. */
export function fluxSettings(c: FluxConfig = {}): FluxSettings {
  const retriesOf = (n: number | undefined) => n ?? 0;
  const ir = retriesOf(c.install?.remediation?.retries);
  const ur = retriesOf(c.upgrade?.remediation?.retries);
  return {
    install: {
      disableHooks: c.install?.disableHooks ?? false,
      disableTakeOwnership: c.install?.disableTakeOwnership ?? false,
      strategy: c.install?.strategy?.name ?? 'RemediateOnFailure',
      retries: ir,
      remediateLastFailure: c.install?.remediation?.remediateLastFailure ?? false,
      serverSideApply: c.install?.serverSideApply ?? true,
    },
    upgrade: {
      disableHooks: c.upgrade?.disableHooks ?? false,
      disableTakeOwnership: c.upgrade?.disableTakeOwnership ?? false,
      strategy: c.upgrade?.strategy?.name ?? 'RemediateOnFailure',
      retries: ur,
      remediateLastFailure: c.upgrade?.remediation?.remediateLastFailure ?? ur > 0,
      remediationStrategy: c.upgrade?.remediation?.strategy ?? 'rollback',
      serverSideApply: c.upgrade?.serverSideApply ?? 'auto',
    },
    rollback: { disableHooks: c.rollback?.disableHooks ?? false, serverSideApply: c.rollback?.serverSideApply ?? 'auto' },
    uninstall: { disableHooks: c.uninstall?.disableHooks ?? false },
  };
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

export function makeDeployer(profile: Profile, applyMode: ApplyMode = 'auto', auto = false, flux?: FluxConfig): Deployer {
  const d: Deployer = { profile, applyMode, helmMajor: helmMajorOf(profile), auto };
  if (profile === 'flux') d.flux = fluxSettings(flux);
  return d;
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
  // Apply mode auto under Flux: what the HelmRelease says, per action.
  if (d.flux && op === 'install') return d.flux.install.serverSideApply ? 'always' : 'never';
  if (d.flux && d.flux[op].serverSideApply !== 'auto') return d.flux[op].serverSideApply === 'enabled' ? 'always' : 'never';
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

/** Whether the deployer runs the hooks of this action: not when a HelmRelease sets `spec.<action>.disableHooks`. */
export function hooksRun(d: Deployer, op: 'install' | 'upgrade' | 'rollback' | 'uninstall'): boolean {
  return !d.flux?.[op].disableHooks;
}

/** Whether hooks of this event run (`test` hooks: always, as far as the deployer is concerned). */
export function hookEventRuns(d: Deployer, event: string): boolean {
  const op = opOf(event);
  return op === 'test' || hooksRun(d, op);
}

/** The `disableHooks` settings that stop some of these events, for messages: "upgrade.disableHooks". */
export function disabledHookSettings(d: Deployer, events: readonly string[]): string[] {
  const ops = [...new Set(events.map(opOf))].filter((op): op is Exclude<HookOp, 'test'> => op !== 'test' && !hooksRun(d, op));
  return ops.map((op) => `${op}.disableHooks`);
}

/** Flux's answer to a failed install or upgrade: retry as an upgrade, nothing, or a remediation (undefined: not Flux). */
export function fluxRemediation(d: Deployer, action: 'install' | 'upgrade'): 'retry' | 'none' | 'rollback' | 'uninstall' | undefined {
  const f = d.flux;
  if (!f) return undefined;
  const a = f[action];
  if (a.strategy === 'RetryOnFailure') return 'retry';
  if (a.retries === 0 && !a.remediateLastFailure) return 'none';
  return action === 'install' ? 'uninstall' : f.upgrade.remediationStrategy;
}

/**
 * What Flux does when a Helm install or upgrade of the release fails (internal/reconcile/atomic_release.go
 * actionForState, ReleaseStatusFailed): one sentence for messages, or undefined for the other profiles.
 */
export function fluxOnFailure(d: Deployer, action: 'install' | 'upgrade'): string | undefined {
  const f = d.flux;
  if (!f) return undefined;
  const a = f[action];
  if (a.strategy === 'RetryOnFailure')
    return `Flux retries it as a helm upgrade every retryInterval (${action}.strategy RetryOnFailure), without remediation` +
      (action === 'install' ? ', so the retry runs pre-upgrade hooks, not pre-install ones' : '');
  const times = a.retries < 0 ? 'without limit' : `${a.retries} time${a.retries === 1 ? '' : 's'}`;
  if (action === 'install') {
    const hooks = f.uninstall.disableHooks ? 'no delete hooks (uninstall.disableHooks)' : 'its pre-delete and post-delete hooks';
    if (a.retries === 0 && !a.remediateLastFailure) return 'Flux leaves the failed install as it is (install.remediation.retries is 0) until the HelmRelease or the chart changes';
    return `Flux uninstalls the failed release (running ${hooks}) and installs again, ${times}` +
      (a.remediateLastFailure ? ', and uninstalls after the last failure too' : '; after the last failure it leaves the release failed');
  }
  if (a.retries === 0 && !a.remediateLastFailure) return 'Flux does not remediate (upgrade.remediation.retries is 0): the release stays failed until the HelmRelease or the chart changes';
  const how =
    f.upgrade.remediationStrategy === 'rollback'
      ? `rolls back to the last successful release (${f.rollback.disableHooks ? 'no rollback hooks: rollback.disableHooks' : 'running its pre-rollback and post-rollback hooks'})`
      : `uninstalls the release (${f.uninstall.disableHooks ? 'no delete hooks: uninstall.disableHooks' : 'running its pre-delete and post-delete hooks'}) and installs it again`;
  return a.retries === 0
    ? `Flux ${how} (upgrade.remediation.remediateLastFailure) and does not retry`
    : `Flux ${how} and retries the upgrade, ${times}` + (a.remediateLastFailure ? ', remediating after the last failure too' : '; after the last failure it leaves the release failed');
}

/** Words for messages: "Helm 4", "Helm 3", "Flux (Helm 4)", "Argo CD". */
export function deployerName(d: Deployer): string {
  return { helm4: 'Helm 4', helm3: 'Helm 3', flux: 'Flux (Helm 4)', argocd: 'Argo CD' }[d.profile];
}

/** A short label for status bars and the plan: "helm4 (auto)", "helm4, server-side". */
export function deployerLabel(d: Deployer): string {
  const apply = isHelm4(d) && d.applyMode !== 'auto' ? `, ${d.applyMode}` : '';
  const off = (['install', 'upgrade', 'rollback', 'uninstall'] as const).filter((op) => !hooksRun(d, op));
  return `${d.profile}${apply}${off.length ? `, no ${off.join('/')} hooks` : ''}${d.auto ? ' (auto)' : ''}`;
}
