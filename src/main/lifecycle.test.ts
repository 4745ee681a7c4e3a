import { describe, expect, it } from 'vitest'
import { createDisposableStore } from './lifecycle'

describe('a disposable store', () => {
  it('disposes what it holds in reverse order, waiting for each, once', async () => {
    const store = createDisposableStore()
    const order: string[] = []
    store.add({ dispose: () => void order.push('first') })
    store.add({
      dispose: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        order.push('second')
      },
    })
    store.add({ dispose: () => void order.push('third') })
    await Promise.all([store.dispose(), store.dispose()])
    await store.dispose()
    expect(order).toEqual(['third', 'second', 'first'])
  })

  it('disposes every item when some fail, then reports the failures together', async () => {
    const store = createDisposableStore()
    const disposed: string[] = []
    store.add({ dispose: () => void disposed.push('a') })
    store.add({
      dispose: () => {
        throw new Error('b broke')
      },
    })
    store.add({ dispose: () => Promise.reject(new Error('c broke')) })
    const failure = await store.dispose().catch((error: unknown) => error)
    expect(disposed).toEqual(['a'])
    expect(failure).toBeInstanceOf(AggregateError)
    expect((failure as AggregateError).errors.map((error: Error) => error.message)).toEqual(['c broke', 'b broke'])
  })

  it('refuses new items once it is being disposed', async () => {
    const store = createDisposableStore()
    const disposing = store.dispose()
    expect(() => store.add({ dispose: () => undefined })).toThrow(/being disposed/)
    await disposing
  })
})
