// The model of a rendered chart: resources with Helm's view of each, what they reference, where their text came
// from, and one view per render that rules, navigation and the plan share.
export {
  APPLY_MODES,
  ARGOCD_ANNOTATION_PREFIX,
  PROFILES,
  deployerLabel,
  deployerName,
  disabledHookSettings,
  fluxOnFailure,
  fluxRemediation,
  fluxSettings,
  hookEventRuns,
  hooksRun,
  helmMajorOf,
  hookServerSideApply,
  isHelm4,
  makeDeployer,
  parseApplyMode,
  parseProfileSetting,
  resolveProfile,
  runsHelmHooks,
  serverSideApply,
  waitsForHookDeletion,
  type ApplyMode,
  type Deployer,
  type FluxConfig,
  type FluxSettings,
  type Profile,
  type ProfileSetting,
} from './deployer';
export { originOf, type Origin } from './provenance';
export { fieldOf } from './yamlNodes';
export { consequenceOf, levelOf, neededByPods, summaryOf, POD_SPEC_PATHS, POD_TEMPLATES, REFERENCE_PATHS, referencesOf, WORKFLOW_SPECS, type Consequence, type Reference } from './references';
export {
  buildModel,
  groupOf,
  identityOf,
  isClusterScoped,
  isRegular,
  type Annotation,
  type ChartModel,
  type ModelProblem,
  type OutRange,
  type Resource,
} from './resources';
export { buildView, executionOrder, hasEvent, hookOf, isKept, viewOf, type RenderView } from './view';
