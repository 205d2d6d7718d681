/** The bot's durable state, one service per concern, on one migrated database. */
import { Layer } from "effect"
import { Atomic } from "./Atomic.js"
import { AuditLog } from "./AuditLog.js"
import { FolderWatches } from "./FolderWatches.js"
import { Leases } from "./Leases.js"
import { PostedMessages } from "./PostedMessages.js"
import { Pruning } from "./Pruning.js"
import { RecipeStates } from "./RecipeStates.js"
import { RepeatLocks } from "./RepeatLocks.js"
import { Watches } from "./Watches.js"

export { Atomic } from "./Atomic.js"
export { AuditEntry, AuditLog } from "./AuditLog.js"
export { FolderWatch, FolderWatches } from "./FolderWatches.js"
export { Database, databaseLayer, DatabaseNotReady, databaseReady, schemaReady } from "./database.js"
export { type Lease, Leases } from "./Leases.js"
export { MessageContent, MessageJob, type MessageKind, type NewMessage, PostedMessage, PostedMessages } from "./PostedMessages.js"
export { type Pruned, Pruning } from "./Pruning.js"
export { changeOf, RecipeChange, type RecipeSighting, RecipeStates } from "./RecipeStates.js"
export { type LockKey, type LockRequest, LockResult, replicaLeaseName, RepeatLock, RepeatLocks, type RepeatOutcomeKind, RepeatRun, RunStart } from "./RepeatLocks.js"
export { Watch, WatchDetail, Watches } from "./Watches.js"
export { workatoQuotaLayer } from "./WorkatoQuota.js"

export type Store = Watches | FolderWatches | PostedMessages | RepeatLocks | AuditLog | Atomic | Leases | Pruning | RecipeStates

/** Every store service, given a SqlClient (see databaseLayer). */
export const storeLayer = Layer.mergeAll(
  Watches.Default,
  FolderWatches.Default,
  PostedMessages.Default,
  RepeatLocks.Default,
  AuditLog.Default,
  Atomic.Default,
  Leases.Default,
  Pruning.Default,
  RecipeStates.Default
)
