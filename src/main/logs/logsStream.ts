// One client's logs stream: for each source, the catch-up (the last lines, or what a resume missed),
// then live lines, merged in arrival order and filtered on the server. Lines travel in batches, one per
// read of a file (see LineBatch).
// Ids are every source's position after the event, so a reconnect resumes each source exactly.
// Bounded: at most `maxQueuedBytes` of text wait for a congested socket; past that, lines are dropped,
// counted per source, and the client is told the range (by position) to read again. A catch-up bigger
// than `maxBacklogBytes` is not sent at all: the client gets its range as dropped at once, to read back
// page by page. Live lines that come during a catch-up wait within the same bound.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { formatPositions, parsePositions, type DroppedRange, type LineBatch, type LogsEvent } from '../../shared/logs'
import { sseRetryMs } from '../../shared/protocol'
import { openSseStream } from '../server/sseWriter'
import type { FollowEvent } from './follower'
import { filterBatch, type LineFilter } from './logFilter'
import type { Acquired } from './sourceRegistry'

export interface LogsStreamOptions {
  sources: { id: string; acquired: Acquired }[]
  filter: LineFilter
  tailLines: number
  keepAliveMs: number
  maxQueuedBytes?: number
  maxBacklogBytes?: number
}

type NoticeEvent = Extract<FollowEvent, { kind: 'notice' }>

type Outgoing =
  | { kind: 'lines'; batch: LineBatch; to: string }
  | { kind: 'notice'; source: string; event: NoticeEvent }
  | { kind: 'dropped'; range: DroppedRange }

/** Where a batch leaves its source: just after its last line (a partial line's position is its start). */
export function positionAfter(batch: LineBatch): string {
  let end = batch.from
  for (const step of batch.steps) end += step
  return `${batch.base}.${end}`
}

const endsPartial = (batch: LineBatch) =>
  batch.steps.length > 0 && batch.details?.[batch.steps.length - 1]?.isPartial === true

export async function runLogsStream(
  request: IncomingMessage,
  response: ServerResponse,
  options: LogsStreamOptions,
): Promise<void> {
  const { sources, filter, tailLines, maxQueuedBytes = 4 * 1024 * 1024, maxBacklogBytes = 8 * 1024 * 1024 } = options
  const stream = openSseStream<LogsEvent>(request, response, {
    retryMs: sseRetryMs,
    keepAliveMs: options.keepAliveMs,
    policy: { kind: 'queue', maxEvents: 64 },
  })
  const resumeFrom = parsePositions(String(request.headers['last-event-id'] ?? ''))
  // Sent: each source's position after the last event sent. Queued: after the last one taken in.
  const positions = new Map<string, string>()
  const queuedPositions = new Map<string, string>()
  // Sources whose last line queued is a partial one: the line that completes it is sent whatever the filter.
  const showsPartial = new Set<string>()
  const queue: Outgoing[] = []
  let queuedBytes = 0
  const dropped = new Map<string, DroppedRange>()
  let roomWaiters: (() => void)[] = []
  let flushing: Promise<void> | undefined
  let isFlushRequested = false
  let matchedLines = 0

  function push(item: Outgoing): void {
    queue.push(item)
    if (item.kind === 'lines') queuedBytes += item.batch.text.length
    void requestFlush()
  }

  function queueLines(batch: LineBatch, to: string): void {
    const kept = filterBatch(batch, filter, showsPartial.has(batch.source))
    if (endsPartial(kept)) showsPartial.add(batch.source)
    else if (kept.steps.length > 0) showsPartial.delete(batch.source)
    queuedPositions.set(batch.source, to)
    push({ kind: 'lines', batch: kept, to })
  }

  /** Counts a batch into its source's dropped range. */
  function dropLines(ranges: Map<string, DroppedRange>, batch: LineBatch, to: string, fromPosition: string): void {
    const count = filterBatch(batch, filter).steps.length
    const range = ranges.get(batch.source)
    if (range) {
      range.count = (range.count ?? 0) + count
      range.toPosition = to
    } else ranges.set(batch.source, { source: batch.source, fromPosition, toPosition: to, count })
  }

  /** A live batch: queued, or dropped while the queue is full (until it drained and the drops were told). */
  function takeLive(batch: LineBatch): void {
    const to = positionAfter(batch)
    if (dropped.size > 0 || queuedBytes >= maxQueuedBytes) {
      showsPartial.delete(batch.source)
      dropLines(dropped, batch, to, queuedPositions.get(batch.source) ?? `${batch.base}.${batch.from}`)
      void requestFlush()
    } else queueLines(batch, to)
  }

  /** For a catch-up, which must not drop: resolves once the queue has room. */
  function whenRoom(): Promise<void> {
    if (queuedBytes < maxQueuedBytes || stream.signal.aborted) return Promise.resolve()
    return new Promise((resolve) => roomWaiters.push(resolve))
  }

  function wakeRoomWaiters(): void {
    if (queuedBytes >= maxQueuedBytes && !stream.signal.aborted) return
    const waiters = roomWaiters
    roomWaiters = []
    for (const wake of waiters) wake()
  }

  /** One flush at a time, so events go out in order; what is queued meanwhile goes with the running one. */
  function requestFlush(): Promise<void> {
    isFlushRequested = true
    flushing ??= runFlushes()
    return flushing
  }

  async function runFlushes(): Promise<void> {
    try {
      while (isFlushRequested) {
        isFlushRequested = false
        await flush()
      }
    } finally {
      // Cleared in the same step as the last check: a request after it starts a new run.
      flushing = undefined
    }
  }

  function send(item: Outgoing): void {
    if (item.kind === 'lines') {
      queuedBytes -= item.batch.text.length
      positions.set(item.batch.source, item.to)
      if (item.batch.steps.length === 0) return
      matchedLines += item.batch.steps.length
      stream.send({ event: 'lines', data: item.batch, id: formatPositions(positions) })
    } else if (item.kind === 'dropped') {
      positions.set(item.range.source, item.range.toPosition)
      queuedPositions.set(item.range.source, item.range.toPosition)
      matchedLines += item.range.count ?? 0
      stream.send({ event: 'dropped', data: item.range, id: formatPositions(positions) })
    } else {
      const { event } = item
      if (event.position) positions.set(item.source, event.position)
      showsPartial.delete(item.source)
      stream.send({
        event: 'notice',
        data: {
          source: item.source,
          notice: event.notice,
          message: event.message,
          ...(event.position ? { position: event.position } : {}),
        },
      })
    }
  }

  async function flush(): Promise<void> {
    while (!stream.signal.aborted && (queue.length > 0 || dropped.size > 0)) {
      if (stream.isCongested) await stream.whenWritable()
      if (stream.signal.aborted) break
      const item = queue.shift()
      if (item) send(item)
      else {
        for (const range of dropped.values()) send({ kind: 'dropped', range })
        dropped.clear()
      }
      wakeRoomWaiters()
    }
  }

  async function catchUp(id: string, follower: Acquired['follower'], until: string): Promise<void> {
    const resumeAt = resumeFrom.get(id)
    const plan = await follower.read(resumeAt ? { after: resumeAt } : { tailLines }, until)
    const gap = (reason: string): Outgoing => ({
      kind: 'notice',
      source: id,
      event: { kind: 'notice', notice: 'gap', message: `Some lines could not be sent again: ${reason}.` },
    })
    if (!('batches' in plan)) return push(gap(plan.gap))
    if (plan.gap) push(gap(plan.gap))
    if (plan.bytes > maxBacklogBytes) {
      queuedPositions.set(id, until)
      return push({
        kind: 'dropped',
        range: { source: id, fromPosition: plan.from, toPosition: until, bytes: plan.bytes },
      })
    }
    for await (const { batch, to } of plan.batches()) {
      if (stream.signal.aborted) return
      queueLines(batch, to)
      await whenRoom()
    }
  }

  const unsubscribers: (() => void)[] = []
  const catchUps = sources.map(({ id, acquired: { follower } }) => {
    // Subscribing and asking the position in one synchronous step: every live event comes after it.
    // Until the catch-up is done, live events wait here, within the queue's bound; past it they are
    // dropped (and counted), to be told after what waited.
    const held: FollowEvent[] = []
    let heldBytes = 0
    const heldDropped = new Map<string, DroppedRange>()
    let isLive = false
    const until = follower.position()
    unsubscribers.push(
      follower.subscribe((event) => {
        if (isLive) {
          if (event.kind === 'lines') takeLive(event.batch)
          else push({ kind: 'notice', source: id, event })
        } else if (heldDropped.size > 0 || heldBytes >= maxQueuedBytes) {
          if (event.kind === 'lines') {
            const previous = held.findLast((item) => item.kind === 'lines')
            const fromPosition = previous?.kind === 'lines' ? positionAfter(previous.batch) : (until ?? '')
            dropLines(heldDropped, event.batch, positionAfter(event.batch), fromPosition)
          }
        } else {
          held.push(event)
          if (event.kind === 'lines') heldBytes += event.batch.text.length
        }
      }),
    )
    return (async () => {
      try {
        if (until !== undefined) await catchUp(id, follower, until)
      } catch (error) {
        // A read back that failed (the file replaced as it was read) is said in-band; live lines go on.
        push({
          kind: 'notice',
          source: id,
          event: {
            kind: 'notice',
            notice: 'gap',
            message: `Some lines could not be sent: ${(error as Error).message}`,
          },
        })
      }
      for (const event of held) {
        if (event.kind === 'lines') queueLines(event.batch, positionAfter(event.batch))
        else push({ kind: 'notice', source: id, event })
      }
      for (const range of heldDropped.values()) push({ kind: 'dropped', range })
      isLive = true
    })()
  })

  stream.signal.addEventListener(
    'abort',
    () => {
      for (const unsubscribe of unsubscribers) unsubscribe()
      for (const { acquired } of sources) void acquired.release()
      wakeRoomWaiters()
    },
    { once: true },
  )

  await Promise.all(catchUps)
  await requestFlush()
  stream.send({ event: 'live', data: { matchedLines } })
}
