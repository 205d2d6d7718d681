/**
 * What the platform's probes ask of the HTTP listener, without the adapter knowing where the
 * answer comes from: `GET /healthz` answers 200 while the process serves requests at all;
 * `GET /readyz` answers 200 only when `ready` succeeds (the composition root says what
 * readiness means: the database reachable, migrations applied, the bot not stopping) and 503
 * with the reason otherwise, so a load balancer sends Slack's requests elsewhere.
 */
import type { CustomRoute } from "@slack/bolt"
import { Context, Effect, Runtime, Schema } from "effect"
import type { ServerResponse } from "node:http"

export class NotReady extends Schema.TaggedError<NotReady>()("NotReady", { reason: Schema.String }) {}

export class Readiness extends Context.Tag("@workato-jobs/slackbot/Readiness")<
  Readiness,
  { readonly ready: Effect.Effect<void, NotReady> }
>() {}

const reply = (res: ServerResponse, status: number, text: string) => {
  res.writeHead(status, { "content-type": "text/plain", "cache-control": "no-store" })
  res.end(text)
}

/** Bolt custom routes for the two probes; `/readyz` runs `ready` on `runtime` per request. */
export const probeRoutes = (readiness: Readiness["Type"], runtime: Runtime.Runtime<never>): Array<CustomRoute> => [
  { path: "/healthz", method: ["GET"], handler: (_req, res) => reply(res, 200, "ok") },
  {
    path: "/readyz",
    method: ["GET"],
    handler: (_req, res) =>
      void Runtime.runFork(runtime)(readiness.ready.pipe(
        Effect.match({
          onFailure: (error) => reply(res, 503, `not ready: ${error.reason}`),
          onSuccess: () => reply(res, 200, "ready")
        })
      ))
  }
]
