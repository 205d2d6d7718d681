#!/usr/bin/env bash
# Consumer test of the published packages: `pnpm pack` @workato-jobs/jobs-api and
# @workato-jobs/workato-sim (prepack builds dist/), install both tarballs with npm into a fresh
# project outside the workspace together with the registry's Effect 3 packages, then
#   (a) start the simulator from its bin on a free port (and `npx @workato-jobs/workato-sim --help`),
#   (b) run plain `node` ESM scripts that list, stream and repeat jobs against it (consumer.mjs,
#       and the root README's example, packages/jobs-api/examples/npm-quickstart.mjs),
#   (c) type-check packages/jobs-api/examples/npm-consumer.ts there (`tsc --noEmit`).
# Any mismatch exits non-zero with the reason.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$repo/scripts/pack-check"

work="$(mktemp -d)"
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "pack-check: FAILED: $*" >&2; exit 1; }
step() { echo "pack-check: [${SECONDS}s] $*"; }

# Peer ranges a consumer picks from the registry (Effect 4 is a different major: not supported).
effect_deps=("effect@^3.22.4" "@effect/platform@^0.97.2" "@effect/platform-node@^0.108.2")

step "packing into $work/tarballs"
(cd "$repo" && npx -y pnpm@12.4.2 -r --filter @workato-jobs/jobs-api --filter @workato-jobs/workato-sim \
  pack --pack-destination "$work/tarballs" >"$work/pack.log" 2>&1) || { cat "$work/pack.log" >&2; fail "pnpm pack"; }
api_tgz="$(ls "$work"/tarballs/workato-jobs-jobs-api-*.tgz)"
sim_tgz="$(ls "$work"/tarballs/workato-jobs-workato-sim-*.tgz)"

# The packed manifests must point at built JavaScript, not at src/*.ts.
for tgz in "$api_tgz" "$sim_tgz"; do
  tar -xzOf "$tgz" package/package.json | node -e '
    const pkg = JSON.parse(require("node:fs").readFileSync(0, "utf8"))
    const entry = pkg.exports?.["."]
    const problems = []
    if (entry?.import !== "./dist/index.js") problems.push(`exports["."].import is ${JSON.stringify(entry?.import)}`)
    if (entry?.types !== "./dist/index.d.ts") problems.push(`exports["."].types is ${JSON.stringify(entry?.types)}`)
    if (pkg.sideEffects !== false) problems.push("sideEffects is not false")
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies }))
      if (/^workspace:|^\d/.test(range)) problems.push(`${name} is pinned to ${range}`)
    if (problems.length) { console.error(`${pkg.name}: ${problems.join("; ")}`); process.exit(1) }
  ' || fail "packed package.json of $(basename "$tgz")"
  listing="$(tar -tzf "$tgz")"
  for file in LICENSE README.md CHANGELOG.md dist/index.js dist/index.d.ts dist/index.js.map; do
    grep -qx "package/$file" <<<"$listing" || fail "$(basename "$tgz") has no $file"
  done
done
grep -qx package/dist/main.js <<<"$(tar -tzf "$sim_tgz")" || fail "the sim tarball has no dist/main.js (its bin)"

step "installing the tarballs and ${effect_deps[*]} into a fresh project"
app="$work/app"
mkdir -p "$app"
cp "$fixtures/consumer.mjs" "$fixtures/tsconfig.json" "$repo/packages/jobs-api/examples/npm-consumer.ts" \
  "$repo/packages/jobs-api/examples/npm-quickstart.mjs" "$app/"
printf '{ "name": "pack-check-consumer", "private": true, "type": "module" }\n' >"$app/package.json"
(cd "$app" && npm install --no-audit --no-fund --loglevel=error \
  "$api_tgz" "$sim_tgz" "${effect_deps[@]}" typescript@5.9.3 @types/node@20 >"$work/npm.log" 2>&1) \
  || { cat "$work/npm.log" >&2; fail "npm install"; }
[ ! -e "$app/node_modules/tsx" ] || fail "tsx was installed: a package needs it at run time"

step "(a) the simulator from its bin"
grep -q "^Usage" <<<"$(cd "$app" && npx --no-install @workato-jobs/workato-sim --help)" \
  || fail "npx @workato-jobs/workato-sim --help printed no usage"
"$app/node_modules/.bin/workato-sim" --port 0 --token pack-check-token --recipes 1 --jobs 200 --seed 7 >"$work/sim.log" 2>&1 &
sim_pid=$!
sim_url=""
for _ in $(seq 1 100); do
  sim_url="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/sim.log")"
  [ -n "$sim_url" ] && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$work/sim.log" >&2; fail "the sim's bin exited"; }
  sleep 0.1
done
[ -n "$sim_url" ] || { cat "$work/sim.log" >&2; fail "the sim's bin printed no URL within 10 s"; }
step "    listening on $sim_url"

step "(b) node consumer.mjs"
(cd "$app" && SIM_URL="$sim_url" node consumer.mjs) || fail "consumer.mjs"
step "(b) node npm-quickstart.mjs (the root README's example)"
quickstart="$(cd "$app" && WORKATO_API_TOKEN=pack-check-token WORKATO_BASE_URL="$sim_url" node npm-quickstart.mjs)" \
  || fail "npm-quickstart.mjs"
grep -Eq '^[1-9][0-9]* failed jobs, newest: j-' <<<"$quickstart" || fail "npm-quickstart.mjs printed: $quickstart"

step "(c) tsc --noEmit npm-consumer.ts"
(cd "$app" && npx --no-install tsc -p tsconfig.json) || fail "tsc --noEmit on npm-consumer.ts"

kill "$sim_pid" && wait "$sim_pid" 2>/dev/null || true
sim_pid=""
step "ok"
