/**
 * Which recipes a channel watches: its recipe watches, and every recipe Workato lists today in
 * its watched folders (with subfolders), so a recipe added to or moved into a folder is watched
 * from the next digest on and one moved out is not. One Recipes API request per 100 recipes of
 * a folder; the names in the list fill the name cache.
 *
 * It also returns each watched recipe as Workato lists it now (`known`: running, stop, job
 * counts), which the stop alerts and the scan skip read: folder members come with their
 * folder's list; a recipe watched on its own is read with the other recipes of its folder
 * (one request per 100, its folder learned the first time it is read by itself).
 */
import { type InvalidRecipeRequest, type JobsApiError, type Recipe, RecipesClient } from "@workato-jobs/jobs-api"
import { Chunk, Effect, Either, Stream } from "effect"
import { FolderWatches, Watches } from "../store/index.js"
import { RecipeNames } from "../workato/RecipeNames.js"

/** A watched folder that could not be listed this time (its recipes wait for the next run). */
export interface FolderProblem {
  readonly folderId: number
  readonly error: JobsApiError | InvalidRecipeRequest
}

export interface WatchedRecipe {
  readonly recipeId: number
  /** The shortest interval of the watches that cover it. */
  readonly intervalMs: number
  /** Through which folder watch, when not watched by itself. */
  readonly folderId?: number
}

export class WatchedRecipes extends Effect.Service<WatchedRecipes>()("@workato-jobs/slackbot/WatchedRecipes", {
  effect: Effect.gen(function*() {
    const watches = yield* Watches
    const folderWatches = yield* FolderWatches
    const recipes = yield* RecipesClient
    const names = yield* RecipeNames
    // Where each recipe lives, learned from every list and read: recipes watched on their own
    // are read a folder at a time.
    const folderOf = new Map<number, number>()
    const learn = (list: Iterable<Recipe>) => {
      for (const recipe of list) if (recipe.folder_id !== undefined) folderOf.set(recipe.id, recipe.folder_id)
    }

    /** Recipes watched on their own that no folder list covered: read with their folders. */
    const readDirect = (recipeIds: ReadonlyArray<number>, known: Map<number, Recipe>) =>
      Effect.gen(function*() {
        const byFolder = new Map<number, Array<number>>()
        const alone: Array<number> = []
        for (const id of recipeIds) {
          const folder = folderOf.get(id)
          if (folder === undefined) alone.push(id)
          else byFolder.set(folder, [...(byFolder.get(folder) ?? []), id])
        }
        const lists = yield* Effect.forEach(
          byFolder.keys(),
          (folderId) => Effect.either(recipes.stream({ folderId }).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray))),
          { concurrency: 2 }
        )
        for (const list of lists) {
          if (Either.isRight(list)) for (const recipe of list.right) known.set(recipe.id, recipe)
        }
        // Not found in its folder (moved, or never read): read by itself.
        const missing = [...alone, ...[...byFolder.values()].flat().filter((id) => !known.has(id))]
        const singles = yield* Effect.forEach(missing, (id) => Effect.either(recipes.get(id)), { concurrency: 2 })
        for (const single of singles) if (Either.isRight(single)) known.set(single.right.id, single.right)
      })

    /** Every recipe in the folder and its subfolders, as Workato lists them now. */
    const folderRecipes = (folderId: number): Effect.Effect<ReadonlyArray<Recipe>, JobsApiError | InvalidRecipeRequest> =>
      recipes.stream({ folderId, withSubfolders: true }).pipe(
        Stream.runCollect,
        Effect.map(Chunk.toReadonlyArray),
        Effect.tap((list) => names.remember(list))
      )

    /**
     * The channel's watched recipes (only the watches of one interval when given), and the
     * folders that could not be listed.
     */
    const inChannel = (channel: string, intervalMs?: number) =>
      Effect.gen(function*() {
        const wanted = <A extends { readonly intervalMs: number }>(all: ReadonlyArray<A>) =>
          intervalMs === undefined ? all : all.filter((w) => w.intervalMs === intervalMs)
        const direct = wanted(yield* watches.inChannel(channel))
        const folders = wanted(yield* folderWatches.inChannel(channel))
        // Folder members as listed this round: their state and counts without another request.
        const known = new Map<number, Recipe>()
        const byId = new Map<number, WatchedRecipe>(direct.map((w) => [w.recipeId, { recipeId: w.recipeId, intervalMs: w.intervalMs }]))
        const listed = yield* Effect.forEach(folders, (f) => Effect.either(folderRecipes(f.folderId)), { concurrency: 2 })
        const problems: Array<FolderProblem> = []
        folders.forEach((folder, i) => {
          const result = listed[i]!
          if (Either.isLeft(result)) return problems.push({ folderId: folder.folderId, error: result.left })
          for (const recipe of result.right) {
            known.set(recipe.id, recipe)
            const existing = byId.get(recipe.id)
            if (existing === undefined || (existing.folderId !== undefined && folder.intervalMs < existing.intervalMs)) {
              byId.set(recipe.id, { recipeId: recipe.id, intervalMs: folder.intervalMs, folderId: folder.folderId })
            }
          }
        })
        yield* readDirect(direct.map((w) => w.recipeId).filter((id) => !known.has(id)), known)
        learn(known.values())
        yield* names.remember(known.values())
        for (const problem of problems) {
          yield* Effect.logWarning(
            `watched folder ${problem.folderId} in ${channel} could not be listed; its recipes are scanned next time`,
            problem.error.message
          )
        }
        return { recipes: [...byId.values()], known: known as ReadonlyMap<number, Recipe>, problems }
      })

    return { inChannel, folderRecipes } as const
  })
}) {}
