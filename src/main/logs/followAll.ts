// Following every log source for as long as the core runs (Vigil's own log, the ingest stream, each added
// file), for the recorder and the exporter, which count lines per source and level with no window open.
// Each read is counted once, whoever listens, straight from its batch: no object per line.
import { levelOf } from '../../shared/lineLevel'
import type { LineBatch } from '../../shared/logs'
import { levelCounts, type LineTally } from '../../shared/recorder'
import { createEmitter } from '../../shared/emitter'
import type { Logger } from '../logger'
import type { Acquired, SourceRegistry } from './sourceRegistry'

/**
 * The batch's whole lines counted by level: the one its sender stated, or the one its text shows. A
 * partial line is left out: it comes again whole once its end is written, and is counted then. Undefined
 * when the batch holds no whole line.
 */
export function tallyBatch(batch: LineBatch): LineTally | undefined {
  const levels = levelCounts()
  const { text, steps, details } = batch
  let lineStart = 0
  let end = batch.from
  let lastWholeEnd: number | undefined
  for (let index = 0; index < steps.length; index += 1) {
    const lineEnd = text.indexOf('\n', lineStart)
    end += steps[index]!
    const detail = details?.[index]
    if (!detail?.isPartial) {
      const level = detail?.level ?? levelOf(text.slice(lineStart, lineEnd))
      levels[level ?? 'unleveled'] += 1
      lastWholeEnd = end
    }
    lineStart = lineEnd + 1
  }
  return lastWholeEnd === undefined
    ? undefined
    : { source: batch.source, levels, position: `${batch.base}.${lastWholeEnd}` }
}

/** Holds every source while it runs; returns the stop, which lets go of them all. */
function holdAllSources(registry: SourceRegistry, logger: Logger, onBatch: (batch: LineBatch) => void): () => void {
  const held = new Map<string, { acquired: Acquired; unsubscribe: () => void }>()
  const pending = new Set<string>()
  let isStopped = false

  async function follow(id: string): Promise<void> {
    pending.add(id)
    try {
      const acquired = await registry.acquire(id)
      if (isStopped || !registry.has(id)) return void (await acquired.release())
      const unsubscribe = acquired.follower.subscribe((event) => {
        if (event.kind === 'lines') onBatch(event.batch)
      })
      held.set(id, { acquired, unsubscribe })
    } finally {
      pending.delete(id)
    }
  }

  function release(id: string): void {
    const entry = held.get(id)
    if (!entry) return
    held.delete(id)
    entry.unsubscribe()
    void entry.acquired.release()
  }

  /** Follows the sources not followed yet and lets go of the removed ones. */
  async function reconcile(): Promise<void> {
    const ids = new Set((await registry.list()).map((source) => source.id))
    if (isStopped) return
    for (const id of held.keys()) if (!ids.has(id)) release(id)
    await Promise.all([...ids].filter((id) => !held.has(id) && !pending.has(id)).map(follow))
  }

  const reportFailure = (error: unknown) =>
    logger.warn('logs', `not every source can be followed for the recorder: ${(error as Error).message}`)
  void reconcile().catch(reportFailure)
  const stopWatching = registry.onChange(() => void reconcile().catch(reportFailure))
  return () => {
    isStopped = true
    stopWatching()
    for (const id of [...held.keys()]) release(id)
  }
}

/**
 * Follows every log source (Vigil's own log, the ingest stream, each added file) while anyone listens: a
 * file's tailer runs from the moment it is added until it is removed. Every listener gets each read's
 * tally, counted once. Returns the subscribe; its unsubscribe lets go of the sources after the last one.
 */
export function followAllSources(
  registry: SourceRegistry,
  logger: Logger,
): (listener: (tally: LineTally) => void) => () => void {
  const tallies = createEmitter<LineTally>()
  let stop: (() => void) | undefined
  return (listener) => {
    const unsubscribe = tallies.on(listener)
    stop ??= holdAllSources(registry, logger, (batch) => {
      const tally = tallyBatch(batch)
      if (tally) tallies.emit(tally)
    })
    return () => {
      unsubscribe()
      if (tallies.listenerCount > 0 || !stop) return
      stop()
      stop = undefined
    }
  }
}
