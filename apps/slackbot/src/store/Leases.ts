/**
 * Leases: which replica produces a piece of periodic work (a channel's digest for one
 * interval) and when it is next due, as one row per piece in the shared database. Taking a
 * lease is one conditional UPDATE: the row lock PostgreSQL takes for it (or SQLite's single
 * writer) lets exactly one replica through, the others see it held or not yet due.
 *
 * A lease has an expiry, renewed while its work runs: a replica that dies holding one loses
 * it when it expires and another replica takes the work over; one that stops cleanly hands
 * it back at once. Times are the replicas' clocks (Clock), which must agree to well within
 * a lease's length (seconds to minutes; NTP does far better).
 */
import { SqlClient } from "@effect/sql"
import { Effect, Option } from "effect"

/** A taken lease: who holds it and the due time it was taken for. */
export interface Lease {
  readonly name: string
  readonly holder: string
  readonly dueAt: number
}

export class Leases extends Effect.Service<Leases>()("@workato-jobs/slackbot/Leases", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    /**
     * Takes `name` for `holder` until `until` if it is due at `now` and nobody holds it (or
     * the holder's lease ran out). A name seen for the first time is due at once.
     */
    const take = (input: { readonly name: string; readonly holder: string; readonly now: number; readonly until: number }) =>
      Effect.gen(function*() {
        yield* sql`INSERT INTO leases (name, holder, expires_at, due_at)
          VALUES (${input.name}, NULL, NULL, ${input.now}) ON CONFLICT (name) DO NOTHING`
        const rows = yield* sql<{ dueAt: number }>`UPDATE leases SET holder = ${input.holder}, expires_at = ${input.until}
          WHERE name = ${input.name} AND due_at <= ${input.now}
            AND (holder IS NULL OR expires_at <= ${input.now})
          RETURNING due_at`
        return Option.map(Option.fromNullable(rows[0]), (row): Lease => ({ name: input.name, holder: input.holder, dueAt: row.dueAt }))
      })

    /** Extends a lease still held; false when it was lost (expired and taken over). */
    const renew = (lease: Lease, until: number) =>
      Effect.map(
        sql<{ name: string }>`UPDATE leases SET expires_at = ${until}
          WHERE name = ${lease.name} AND holder = ${lease.holder} RETURNING name`,
        (rows) => rows.length > 0
      )

    /** The work is done: free the lease, next due at `nextDueAt`. */
    const complete = (lease: Lease, nextDueAt: number) =>
      sql`UPDATE leases SET holder = NULL, expires_at = NULL, due_at = ${nextDueAt}
        WHERE name = ${lease.name} AND holder = ${lease.holder}`.pipe(Effect.asVoid)

    /** The work was not done (the replica is stopping): free the lease, still due. */
    const handBack = (lease: Lease) =>
      sql`UPDATE leases SET holder = NULL, expires_at = NULL
        WHERE name = ${lease.name} AND holder = ${lease.holder}`.pipe(Effect.asVoid)

    const find = (name: string) =>
      Effect.map(
        sql<{ holder: string | null; expiresAt: number | null; dueAt: number }>`
          SELECT holder, expires_at, due_at FROM leases WHERE name = ${name}`,
        (rows) =>
          Option.map(Option.fromNullable(rows[0]), (r) => ({ holder: r.holder, expiresAt: r.expiresAt, dueAt: r.dueAt }))
      )

    return {
      take: (input: Parameters<typeof take>[0]) => Effect.orDie(take(input)),
      renew: (lease: Lease, until: number) => Effect.orDie(renew(lease, until)),
      complete: (lease: Lease, nextDueAt: number) => Effect.orDie(complete(lease, nextDueAt)),
      handBack: (lease: Lease) => Effect.orDie(handBack(lease)),
      find: (name: string) => Effect.orDie(find(name))
    } as const
  })
}) {}
