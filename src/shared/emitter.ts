// A small typed emitter: the one way a part of Vigil tells listeners that something changed.
// Listeners are called in the order they subscribed; each subscription returns its own release.

export interface Emitter<T> {
  emit(value: T): void
  /** Subscribes; the returned function unsubscribes (calling it twice is harmless). */
  on(listener: (value: T) => void): () => void
  readonly listenerCount: number
  /** Drops every listener: for the owner's dispose(). */
  clear(): void
}

export function createEmitter<T>(): Emitter<T> {
  const listeners = new Set<(value: T) => void>()
  return {
    emit(value) {
      for (const listener of listeners) listener(value)
    },
    on(listener) {
      // A wrapper per subscription, so the same function subscribed twice is released once per release.
      const entry = (value: T) => listener(value)
      listeners.add(entry)
      return () => void listeners.delete(entry)
    },
    get listenerCount() {
      return listeners.size
    },
    clear() {
      listeners.clear()
    },
  }
}
