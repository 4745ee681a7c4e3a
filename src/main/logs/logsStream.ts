// One client's logs stream: for each source, the catch-up (the last lines, or what a resume missed),
// then live lines, merged in arrival order and filtered on the server.
// Ids are every source's position after the event, so a reconnect resumes each source exactly.
// Backpressure: while the socket is congested, up to `maxQueuedLines` wait in order; past that, lines
// are dropped and counted per source, and the client is told the range (by position) to read again.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { formatPositions, parsePositions, type LogLine, type LogsEvent } from '../../shared/logs'
import { sseRetryMs } from '../../shared/protocol'
import { openSseStream } from '../server/sseWriter'
import type { FollowEvent } from './follower'
import type { LineFilter } from './logFilter'
import type { Acquired } from './sourceRegistry'

export interface LogsStreamOptions {
  sources: { id: string; acquired: Acquired }[]
  filter: LineFilter
  tailLines: number
  keepAliveMs: number
  maxQueuedLines?: number
  maxLinesPerEvent?: number
}

interface QueuedLine {
  line: LogLine
  isMatch: boolean
}

export async function runLogsStream(
  request: IncomingMessage,
  response: ServerResponse,
  options: LogsStreamOptions,
): Promise<void> {
  const { sources, filter, tailLines, maxQueuedLines = 20_000, maxLinesPerEvent = 500 } = options
  const stream = openSseStream<LogsEvent>(request, response, {
    retryMs: sseRetryMs,
    keepAliveMs: options.keepAliveMs,
    policy: { kind: 'queue', maxEvents: 64 },
  })
  const resumeFrom = parsePositions(String(request.headers['last-event-id'] ?? ''))
  // Sent: each source's position after the last line sent. Queued: after the last line taken in.
  const positions = new Map<string, string>()
  const queuedPositions = new Map<string, string>()
  const queue: QueuedLine[] = []
  const dropped = new Map<string, { count: number; fromPosition: string; toPosition: string }>()
  let flushing: Promise<void> | undefined
  let isFlushRequested = false
  let matchedLines = 0

  function enqueue(lines: LogLine[]): void {
    for (const line of lines) {
      const isMatch = filter(line)
      if (dropped.size > 0 || queue.length >= maxQueuedLines) {
        if (!isMatch) continue
        const range = dropped.get(line.source)
        if (range) {
          range.count += 1
          range.toPosition = line.position
        } else
          dropped.set(line.source, {
            count: 1,
            fromPosition: queuedPositions.get(line.source) ?? '',
            toPosition: line.position,
          })
        continue
      }
      queue.push({ line, isMatch })
      queuedPositions.set(line.source, line.position)
    }
    void requestFlush()
  }

  /** One flush at a time, so batches go out in order; lines queued meanwhile go with the running one. */
  function requestFlush(): Promise<void> {
    isFlushRequested = true
    flushing ??= runFlushes()
    return flushing
  }

  async function runFlushes(): Promise<void> {
    try {
      // Lets the lines of one read gather into one batch before the first write.
      await new Promise((resolve) => setImmediate(resolve))
      while (isFlushRequested) {
        isFlushRequested = false
        await flush()
      }
    } finally {
      // Cleared in the same step as the last check: a request after it starts a new run.
      flushing = undefined
    }
  }

  async function flush(): Promise<void> {
    while (!stream.signal.aborted && (queue.length > 0 || dropped.size > 0)) {
      if (stream.isCongested) await stream.whenWritable()
      if (stream.signal.aborted) break
      const batch = queue.splice(0, maxLinesPerEvent)
      const lines = batch.filter((item) => item.isMatch).map((item) => item.line)
      for (const item of batch) positions.set(item.line.source, item.line.position)
      matchedLines += lines.length
      if (lines.length > 0) stream.send({ event: 'lines', data: { lines }, id: formatPositions(positions) })
      if (queue.length === 0) {
        for (const [source, range] of dropped) {
          positions.set(source, range.toPosition)
          queuedPositions.set(source, range.toPosition)
          stream.send({ event: 'dropped', data: { source, ...range }, id: formatPositions(positions) })
        }
        dropped.clear()
      }
    }
  }

  function sendNotice(source: string, event: Extract<FollowEvent, { kind: 'notice' }>): void {
    if (event.position) positions.set(source, event.position)
    stream.send({
      event: 'notice',
      data: {
        source,
        notice: event.notice,
        message: event.message,
        ...(event.position ? { position: event.position } : {}),
      },
    })
  }

  const unsubscribers: (() => void)[] = []
  const catchUps = sources.map(({ id, acquired: { follower } }) => {
    // Subscribing and asking the position in one synchronous step: every live event comes after it.
    const held: FollowEvent[] = []
    let isLive = false
    unsubscribers.push(
      follower.subscribe((event) => {
        if (!isLive) held.push(event)
        else if (event.kind === 'lines') enqueue(event.lines)
        else sendNotice(id, event)
      }),
    )
    const until = follower.position()
    return (async () => {
      if (until !== undefined) {
        const resumeAt = resumeFrom.get(id)
        const result = await follower.read(resumeAt ? { after: resumeAt } : { tailLines }, until)
        if ('gap' in result)
          sendNotice(id, {
            kind: 'notice',
            notice: 'gap',
            message: `Some lines could not be sent again: ${result.gap}.`,
          })
        else enqueue(result.lines)
      }
      for (const event of held) {
        if (event.kind === 'lines') enqueue(event.lines)
        else sendNotice(id, event)
      }
      isLive = true
    })()
  })

  stream.signal.addEventListener(
    'abort',
    () => {
      for (const unsubscribe of unsubscribers) unsubscribe()
      for (const { acquired } of sources) void acquired.release()
    },
    { once: true },
  )

  await Promise.all(catchUps)
  await requestFlush()
  stream.send({ event: 'live', data: { matchedLines } })
}
