// The core's streams over real HTTP, with the real /proc sampler running fast.
import { afterEach, describe, expect, it } from 'vitest'
import { routes, sampleTimesOf, type MetricsEvent } from '../../src/shared/protocol'
import { bearer, send } from '../support/http'
import { connectSse, type ReceivedEvent } from '../support/sseClient'
import { startTestCore, type TestCore } from '../support/testCore'

let running: TestCore | undefined
afterEach(async () => {
  await running?.dispose()
  running = undefined
})

const samplesOf = (events: ReceivedEvent[]): { seq: number; t: number }[] =>
  events.flatMap((event) =>
    event.event === 'history' || event.event === 'samples' ? sampleTimesOf(event as unknown as MetricsEvent) : [],
  )

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('metrics stream', () => {
  it('sends the asked-for window first, then live samples with resumable ids', async () => {
    running = await startTestCore({ sampleIntervalMs: 50 })
    const { core } = running
    await waitUntil(() => core.metrics.sampler.stats().ticks >= 6)
    const stream = await connectSse(core.port, `${routes.metricsStream}?windowSeconds=60`, bearer(core.token))
    await stream.waitForEvent((event) => event.event === 'samples')
    stream.close()
    const [history] = stream.events
    expect(history!.event).toBe('history')
    expect((history!.data as { reason: string }).reason).toBe('initial')
    const samples = samplesOf(stream.events)
    expect(samples.length).toBeGreaterThanOrEqual(6)
    expect(samples.map((s) => s.seq)).toEqual(samples.map((_, index) => index))
    for (const event of stream.events)
      expect(event.id).toBe(`${core.info.instanceId}:${samplesOf([event]).at(-1)!.seq}`)
    const columns = (history!.data as Extract<MetricsEvent, { event: 'history' }>['data']).columns
    expect(columns.values.mem_total_bytes!.every((bytes) => bytes! > 0)).toBe(true)
    expect(columns.values.cpu_total_pct).toHaveLength(columns.t.length)
  })

  it('gives a reconnecting client exactly the samples it missed: no hole, no duplicate', async () => {
    running = await startTestCore({ sampleIntervalMs: 50 })
    const { core } = running
    const first = await connectSse(core.port, `${routes.metricsStream}?windowSeconds=0`, bearer(core.token))
    await first.waitForEvent((event) => event.event === 'samples' && samplesOf([event]).at(-1)!.seq >= 3)
    first.close()
    const received = samplesOf(first.events)
    const lastId = first.events.at(-1)!.id!
    // Dropped for a while: the sampler goes on without this client.
    await waitUntil(() => core.metrics.sampler.stats().ticks >= received.at(-1)!.seq + 8)
    const second = await connectSse(core.port, `${routes.metricsStream}?windowSeconds=0`, {
      ...bearer(core.token),
      'Last-Event-ID': lastId,
    })
    await second.waitForEvent((event) => samplesOf([event]).some((s) => s.seq >= received.at(-1)!.seq + 10))
    second.close()
    expect(second.events[0]!.event).toBe('samples')
    const all = [...received, ...samplesOf(second.events)].map((s) => s.seq)
    expect(all).toEqual(all.map((_, index) => all[0]! + index))
  })

  it('after a 5 s drop at the real 1 s interval, resumes with no hole and no duplicate', async () => {
    running = await startTestCore()
    const { core } = running
    const first = await connectSse(core.port, `${routes.metricsStream}?windowSeconds=0`, bearer(core.token))
    await first.waitForEvent((event) => samplesOf([event]).some((sample) => sample.seq >= 2), 5000)
    first.close()
    const received = samplesOf(first.events)
    await new Promise((resolve) => setTimeout(resolve, 5000))
    const second = await connectSse(core.port, `${routes.metricsStream}?windowSeconds=0`, {
      ...bearer(core.token),
      'Last-Event-ID': first.events.at(-1)!.id!,
    })
    const lastBefore = received.at(-1)!.seq
    await second.waitForEvent((event) => samplesOf([event]).some((sample) => sample.seq >= lastBefore + 6), 5000)
    second.close()
    const seqs = [...received, ...samplesOf(second.events)].map((sample) => sample.seq)
    expect(seqs).toEqual(seqs.map((_, index) => seqs[0]! + index))
    // The missed samples came at once, with their own times one second apart, not the time of the reconnect.
    const missed = samplesOf([second.events[0]!])
    expect(missed.length).toBeGreaterThanOrEqual(4)
    for (let index = 1; index < missed.length; index += 1)
      expect(missed[index]!.t - missed[index - 1]!.t).toBeGreaterThan(500)
  }, 20_000)

  it('sends a fresh window, saying why, to a client of an earlier core', async () => {
    running = await startTestCore({ sampleIntervalMs: 50 })
    const { core } = running
    const stream = await connectSse(core.port, routes.metricsStream, {
      ...bearer(core.token),
      'Last-Event-ID': 'oldcore:12',
    })
    const history = await stream.waitForEvent((event) => event.event === 'history')
    stream.close()
    expect(history.data).toMatchObject({ reason: 'new-instance' })
  })

  it('samples once per tick however many clients watch', async () => {
    running = await startTestCore({ sampleIntervalMs: 50 })
    const { core } = running
    // The core itself listens too (alerts): count the clients on top of that.
    const baseListeners = core.metrics.sampler.stats().listeners
    const clients = await Promise.all(
      Array.from({ length: 20 }, () =>
        connectSse(core.port, `${routes.metricsStream}?windowSeconds=0`, bearer(core.token)),
      ),
    )
    await waitUntil(() => core.metrics.sampler.stats().listeners === baseListeners + 20)
    const ticksBefore = core.metrics.sampler.stats().ticks
    await waitUntil(() => clients.every((client) => samplesOf(client.events).length >= 4))
    const ticks = core.metrics.sampler.stats().ticks - ticksBefore
    const received = clients.map((client) => samplesOf(client.events))
    for (const client of clients) client.close()
    // One reading per tick, shared: every client that got a seq got the same reading (taken at the same time),
    // and all the clients together saw no more seqs than the sampler ticked. A reading per client would give
    // twenty different readings, and twenty times the seqs.
    const bySeq = new Map<number, number>()
    for (const sample of received.flat()) {
      const reading = sample.t
      expect(bySeq.get(sample.seq) ?? reading).toBe(reading)
      bySeq.set(sample.seq, reading)
    }
    const seqsSinceWatched = [...bySeq.keys()].filter((seq) => seq >= ticksBefore)
    expect(seqsSinceWatched.length).toBeLessThanOrEqual(ticks + 1)
  })

  it('lets go of the sampler within a second of the client going away', async () => {
    running = await startTestCore({ sampleIntervalMs: 50 })
    const { core } = running
    const baseListeners = core.metrics.sampler.stats().listeners
    const stream = await connectSse(core.port, routes.metricsStream, bearer(core.token))
    await waitUntil(() => core.metrics.sampler.stats().listeners === baseListeners + 1)
    const closedAt = Date.now()
    stream.close()
    await waitUntil(() => core.metrics.sampler.stats().listeners === baseListeners, 1000)
    expect(Date.now() - closedAt).toBeLessThan(1000)
  })
})

describe('core stream', () => {
  it('says hello with the version and tells every client about settings changes', async () => {
    running = await startTestCore()
    const { core } = running
    const windows = await Promise.all([1, 2].map(() => connectSse(core.port, routes.coreStream, bearer(core.token))))
    for (const stream of windows) {
      const hello = await stream.waitForEvent((event) => event.event === 'hello')
      expect(hello.data).toMatchObject({ version: core.info.version, instanceId: core.info.instanceId })
      await stream.waitForEvent((event) => event.event === 'settings')
    }
    const answer = await send(core.port, routes.settings, {
      method: 'PUT',
      headers: { ...bearer(core.token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ theme: 'light' }),
    })
    expect(answer.status).toBe(200)
    for (const stream of windows) {
      const changed = await stream.waitForEvent(
        (event) => event.event === 'settings' && (event.data as { theme: string }).theme === 'light',
      )
      expect(changed.data).toEqual({ theme: 'light' })
      stream.close()
    }
  })
})

describe('stopping the core', () => {
  it('ends open streams and frees the port', async () => {
    const stopped = await startTestCore({ sampleIntervalMs: 50 })
    const { core } = stopped
    const stream = await connectSse(core.port, routes.metricsStream, bearer(core.token))
    const ended = new Promise((resolve) => stream.response.once('close', resolve))
    await stopped.dispose()
    await ended
    expect(core.metrics.sampler.stats().listeners).toBe(0)
    const ticks = core.metrics.sampler.stats().ticks
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(core.metrics.sampler.stats().ticks).toBe(ticks)
    // The same port can be taken again at once: nothing of the old server is left listening.
    running = await startTestCore({ port: core.port, token: core.token })
    expect(running.core.port).toBe(core.port)
  })
})
