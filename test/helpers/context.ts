import { currentContext, projectContext, setProcessContext, type LaionetContext } from '../../src/util/context.js'

/**
 * Gives a suite its own default context for its duration (the one in force with `overrides` applied; a function is
 * called in `before`, e.g. to name a temporary folder), restoring the previous one after: tests change contexts, never
 * process.env. Call at the top of a `describe`.
 * @example useContext(() => ({ cacheDir: dir(), dataMirror: shared('data') }))
 */
export function useContext(overrides: Partial<LaionetContext> | (() => Partial<LaionetContext>)): void {
  let previous: LaionetContext | null = null
  before(() => {
    const wanted = typeof overrides === 'function' ? overrides() : overrides
    const base = currentContext()
    // modelCache follows cacheDir unless given (as projectContext does).
    previous = setProcessContext(projectContext({ ...base, ...(wanted.cacheDir && !wanted.modelCache ? { modelCache: undefined } : {}), ...wanted }))
  })
  after(() => { setProcessContext(previous) })
}
