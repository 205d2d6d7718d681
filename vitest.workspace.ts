// The projects of the monorepo; vitest.config.ts reads this list (see there why).
export default ["packages/*", "apps/*"]
