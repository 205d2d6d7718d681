// @workato-jobs/workato-sim: a local simulator of Workato's Developer API Jobs endpoints.
export { startSim } from "./server.js"
export type { GenerateInput, Sim } from "./sim.js"
export type { Latency } from "./latency.js"
export type {
  AddFolderInput, FolderInfo, StopRecipeInput, WireRecipe, WireRecipeList,
  AddJobInput, AddRecipeInput, Counts, FaultKind, FaultSpec, JobErrorInput, JobStatus, LoggedRoute, Quotas, RecipeInfo,
  RepeatError, RepeatOutcome, RequestRecord, ResumeRecord, RouteCounts, RouteName, SimOptions, TimeInput, WireBatchResult,
  WireCancelResponse, WireErrorParts, WireJobDetail, WireJobSummary, WireLine, WireListResponse, WireRepeatResponse
} from "./types.js"
export { DEFAULT_QUOTAS, DEFAULT_RECIPES_PER_MINUTE } from "./quotas.js"
export { RECIPES_DEFAULT_PER_PAGE, RECIPES_MAX_PER_PAGE } from "./recipes.js"
export { MAX_JOBS_PER_REQUEST, MISSING_JOB_IDS } from "./batch.js"
export { MAX_REPEATS_PER_JOB, RepeatErrors } from "./repeat.js"
export { CancelErrors } from "./cancel.js"
export { Prng } from "./prng.js"
