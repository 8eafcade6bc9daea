// What helm install, upgrade and uninstall will do, step by step: built by the analysis (server/src/analysis/plan.ts),
// drawn by the client's plan view and printed by the CLI.
export interface PlanPosition {
  line: number;
  character: number;
}

export interface PlanLocation {
  /** Relative to the chart folder. */
  path: string;
  range: { start: PlanPosition; end: PlanPosition };
}

export type HookEventName =
  | 'pre-install'
  | 'post-install'
  | 'pre-delete'
  | 'post-delete'
  | 'pre-upgrade'
  | 'post-upgrade'
  | 'pre-rollback'
  | 'post-rollback'
  | 'test';

export interface PlanObject {
  kind: string;
  name: string;
  namespace: string;
  /** Where it is defined in the working tree (absent for objects only the base ref has). */
  location?: PlanLocation;
  /** Rule ids of findings about this object. */
  hazards: string[];
  /** The severity of each hazard (the worst when a rule reports the object more than once). */
  hazardSeverities?: Record<string, 'error' | 'warning' | 'info'>;
  /** For objects a step deletes: who references them and what that does to them ("Deployment web: pods cannot start"). */
  usedBy?: string[];
}

export interface PlanHook extends PlanObject {
  weight: number;
  deletePolicies: string[];
  /** Helm waits for Jobs and Pods to complete; other kinds are only created. */
  waits: boolean;
  /** How the profile's Helm writes the hook: `create` (client-side), `apply` (server-side apply, a PATCH), or
   *  `create or apply` (as the release was last deployed). */
  method: 'create' | 'apply' | 'create or apply';
  /** Whether Helm waits for a before-hook-creation delete to finish (Helm 4's --wait=hookOnly does not). */
  waitsForDelete: boolean;
}

export type PlanStep =
  | { type: 'ownership'; title: string; objects: PlanObject[]; conflicts: PlanObject[] }
  | { type: 'hooks'; title: string; event: HookEventName; hooks: PlanHook[]; deletedAfter: PlanObject[] }
  | { type: 'apply'; title: string; creates: PlanObject[]; updates: PlanObject[] }
  | { type: 'delete'; title: string; deletes: PlanObject[]; kept: PlanObject[] }
  | { type: 'note'; title: string; objects: PlanObject[] };

export interface PlanOperation {
  name: 'upgrade' | 'install' | 'uninstall';
  title: string;
  steps: PlanStep[];
}

/** The profile an analysis assumed. */
export interface DeployerInfo {
  profile: 'helm4' | 'helm3' | 'flux' | 'argocd';
  applyMode: 'auto' | 'server-side' | 'client-side';
  /** True when the profile came from the `auto` setting. */
  auto: boolean;
  /** For status bars: "helm4 (auto)", "flux, server-side". */
  label: string;
}

export interface Plan {
  chart: string;
  baseRef?: string;
  /** Who the plan assumes deploys the chart: its hook and kind order follow that tool. */
  deployer: DeployerInfo;
  operations: PlanOperation[];
}
