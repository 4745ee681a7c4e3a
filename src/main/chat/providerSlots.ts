// How many answers each provider gives at once. A local server answers one request (or a few) at a time and
// queues the rest itself, invisibly; twelve at once only slow each other. Beyond the cap, a generation
// waits here in order, told how many are ahead of it, and its Stop takes it out of the line.

export interface ProviderSlots {
  /** Resolves true once a slot is held, false if `signal` aborted first; `onQueued` hears the place in line. */
  acquire(providerId: string, signal: AbortSignal, onQueued: (ahead: number) => void): Promise<boolean>
  release(providerId: string): void
}

interface Waiter {
  grant(): void
  onQueued(ahead: number): void
}

export function createProviderSlots(maxPerProvider: number): ProviderSlots {
  const held = new Map<string, number>()
  const lines = new Map<string, Waiter[]>()

  function tellPlaces(line: Waiter[]): void {
    line.forEach((waiter, ahead) => waiter.onQueued(ahead))
  }

  return {
    acquire(providerId, signal, onQueued) {
      if (signal.aborted) return Promise.resolve(false)
      if ((held.get(providerId) ?? 0) < maxPerProvider) {
        held.set(providerId, (held.get(providerId) ?? 0) + 1)
        return Promise.resolve(true)
      }
      return new Promise((resolve) => {
        const line = lines.get(providerId) ?? []
        lines.set(providerId, line)
        const leave = () => {
          line.splice(line.indexOf(waiter), 1)
          tellPlaces(line)
          resolve(false)
        }
        const waiter: Waiter = {
          grant() {
            signal.removeEventListener('abort', leave)
            resolve(true)
          },
          onQueued,
        }
        line.push(waiter)
        signal.addEventListener('abort', leave, { once: true })
        onQueued(line.length - 1)
      })
    },
    release(providerId) {
      const line = lines.get(providerId)
      const next = line?.shift()
      // The slot passes straight to the next in line; the count stays.
      if (next) {
        next.grant()
        tellPlaces(line!)
        return
      }
      held.set(providerId, (held.get(providerId) ?? 1) - 1)
    },
  }
}
