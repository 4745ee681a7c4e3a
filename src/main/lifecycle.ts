// Ownership of everything that runs: timers, watchers, sockets, child processes and upstream requests
// belong to something with a dispose(), and the core's composition root keeps those in one store.
// Lifecycle: a store lives from the first add() to its dispose(), which disposes what it holds in
// reverse order (the last built depends on the earlier ones, so it goes first), once.

export interface Disposable {
  dispose(): void | Promise<void>
}

export interface DisposableStore {
  /** Takes ownership of `item` and returns it. */
  add<T extends Disposable>(item: T): T
  dispose(): Promise<void>
}

/**
 * Disposes every item even when some fail; the failures are then thrown together as one AggregateError,
 * so a failed dispose is never silent and never leaves the items after it running.
 */
export function createDisposableStore(): DisposableStore {
  const items: Disposable[] = []
  let disposing: Promise<void> | undefined

  async function disposeAll(): Promise<void> {
    const failures: unknown[] = []
    for (const item of items.splice(0).reverse()) {
      try {
        await item.dispose()
      } catch (error) {
        failures.push(error)
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} part(s) of Vigil failed to stop`)
  }

  return {
    add(item) {
      if (disposing) throw new Error('Nothing can be added to a store that is being disposed.')
      items.push(item)
      return item
    },
    dispose() {
      disposing ??= disposeAll()
      return disposing
    },
  }
}

/**
 * Builds parts side by side, each owned by the store once it exists. With a bare Promise.all, one part's
 * failure would reject while another was still on its way, and that one would then be built after the
 * store was disposed, running for ever: so this waits until every build has settled, keeps each one
 * built, and only then throws the first failure.
 */
export async function buildSideBySide<T extends readonly Disposable[]>(
  store: DisposableStore,
  builds: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const settled = await Promise.allSettled(builds)
  for (const result of settled) if (result.status === 'fulfilled') store.add(result.value)
  const failure = settled.find((result) => result.status === 'rejected')
  if (failure) throw failure.reason
  return settled.map((result) => (result as PromiseFulfilledResult<Disposable>).value) as unknown as T
}
