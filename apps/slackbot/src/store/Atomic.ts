/**
 * Several store calls as one transaction (e.g. record a posted digest and move its watches'
 * cursors: both happen or neither). Store calls nest inside it as savepoints.
 */
import { SqlClient, SqlError } from "@effect/sql"
import { Effect } from "effect"

export class Atomic extends Effect.Service<Atomic>()("@workato-jobs/slackbot/Atomic", {
  effect: Effect.map(SqlClient.SqlClient, (sql) => ({
    run: <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      sql.withTransaction(self).pipe(
        Effect.catchIf((error): error is SqlError.SqlError => error instanceof SqlError.SqlError, Effect.die)
      ) as Effect.Effect<A, E, R>
  }))
}) {}
