// The messages between the VS Code client, the language server and the tests: method names, parameters and results
// in one place. Plain types and descriptors; the server and the client each bind them to their own connection.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { DeployerInfo, Plan } from './plan';

export type * from './plan';

/** One base the analysis compared with. */
export interface BaseStatus {
  /** What was resolved (a ref, a commit id, an archive). */
  ref: string;
  /** What users read: `HEAD`, `origin/main (merge-base 1a2b3c4d)`. */
  label: string;
  /** The resolved commit, or why this base could not be read. */
  commit?: string;
  reason?: string;
}

/** What a chart's latest analysis compared with, sent after every analysis. */
export interface ChartStatus {
  chartDir: string;
  /** The first base that could be read (else the first base): the one the plan compares with. */
  baseRef: string;
  /** Its resolved commit, or why there is no baseline. */
  commit?: string;
  reason?: string;
  /** Every base, in order: findings are reported when any of them shows them. */
  bases: BaseStatus[];
  /** What the user should know about the comparison, said in Output once: e.g. a baseline that took subcharts git
   *  does not hold (charts/* ignored) from the working tree. */
  notices: string[];
  findings: number;
  /** The profile the chart was analysed under. */
  deployer: DeployerInfo;
  /** The repository config that applies (.helm-hook-guard.yaml), if any. */
  config?: string;
}

export const StatusNotification = new NotificationType<ChartStatus>('helmHookGuard/status');

/** Whether the server is busy: sent when a workspace scan starts and ends, and for an analysis that runs long enough
 *  to be noticed (quick ones, as on most keystrokes, send nothing). */
export interface ActivityParams {
  busy: boolean;
  /** What runs, while busy: "Checking 3 charts", "Analysing basic-app". */
  title?: string;
}

export const ActivityNotification = new NotificationType<ActivityParams>('helmHookGuard/activity');

export interface CheckWorkspaceResult {
  charts: number;
  findings: number;
}

/** Scans every chart of the workspace now. */
export const CheckWorkspaceRequest = new RequestType0<CheckWorkspaceResult, void>('helmHookGuard/checkWorkspace');

export interface PlanParams {
  /** A file of the chart; the first chart of the workspace when absent. */
  uri?: string;
}

export interface PlanResponse {
  chartDir: string;
  /** Why there is no upgrade plan (no baseline), when there is none. */
  baselineReason?: string;
  plan: Plan;
}

/** The upgrade, install and uninstall plan of the chart holding `uri`. */
export const PlanRequest = new RequestType<PlanParams, PlanResponse | null, void>('helmHookGuard/plan');

/**
 * Node flags a client starts the server with. A young generation of 4 MB semi-spaces instead of 16: renders allocate
 * in bursts, and the larger nursery only raises the server's peak resident memory (by about 40 MB on
 * kube-prometheus-stack) without saving CPU time.
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=4'];

/**
 * Environment a client adds for the server. glibc's malloc serves a block of 128 KiB or more with its own mapping,
 * returned when freed, but after such a block is freed it raises that bound to the block's size, up to 32 MiB. Node
 * frees large buffers early in the server's life (the bundle and its code cache as they load, then files read from
 * disk and git), so later buffers of up to a few megabytes are carved from the main heap, where the holes they leave
 * stay resident. A fixed bound keeps every large buffer in a mapping of its own: about 20 MB less peak on
 * kube-prometheus-stack, no measurable time. Other C libraries ignore the variable.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };

/** Commands that only some clients implement. A client lists the ones it has in `initializationOptions.clientCommands`;
 *  others are offered a portable alternative. */
export const ClientCommands = {
  /** Copies its one string argument to the clipboard. */
  copyToClipboard: 'helmHookGuard.copyToClipboard',
  /** Shows a rule's page (docs/rules/<id>.md) read-only. Argument: the rule id. */
  showRuleDocs: 'helmHookGuard.showRuleDocs',
  /** Opens the upgrade plan at one object (what a hook's code lens runs). Argument: OpenPlanArgs. */
  openPlan: 'helmHookGuard.openPlan',
} as const;
export type ClientCommand = (typeof ClientCommands)[keyof typeof ClientCommands];

export interface OpenPlanArgs {
  /** The document the object is defined in (its chart's plan opens). */
  uri: string;
  kind: string;
  name: string;
  namespace: string;
}

/** Commands the server executes (`workspace/executeCommand`), for every client. */
export const ServerCommands = {
  /** Shows text the user needs (e.g. kubectl commands): as a document where the client can show one, else a message.
   *  Arguments: label, text. */
  showText: 'helm-hook-guard.showText',
  /** Opens a rule's page (window/showDocument) for clients without `showRuleDocs`. Argument: the rule id. */
  showRuleDocs: 'helm-hook-guard.showRuleDocs',
} as const;

/** The code action kind of "fix all": the safe, preferred fixes of a document in one edit (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.helmHookGuard';

export interface InitializationOptions {
  /** False in an untrusted workspace: the server never runs git. */
  trusted?: boolean;
  clientCommands?: ClientCommand[];
}
