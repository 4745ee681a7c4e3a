// The SSE writer over a real node:http server and real sockets: framing, keep-alive, release, backpressure.
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { createParser } from 'eventsource-parser'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { StreamEvent } from '../../src/shared/protocol'
import { openSseStream, type SseWriter, type SseWriterOptions } from '../../src/main/server/sseWriter'
import { connectSse } from '../support/sseClient'

let server: Server | undefined
afterEach(async () => {
  if (!server) return
  server.closeAllConnections()
  await new Promise((resolve) => server!.close(resolve))
  server = undefined
})

/** A server whose one route opens a stream and hands the writer to the test. */
async function serveStream(options: SseWriterOptions): Promise<{ port: number; writers: SseWriter<StreamEvent>[] }> {
  const writers: SseWriter<StreamEvent>[] = []
  server = createServer((request, response) => writers.push(openSseStream(request, response, options)))
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, writers }
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const quiet: SseWriterOptions = { retryMs: 1500, keepAliveMs: 60_000, policy: { kind: 'coalesce' } }

describe('SSE writer', () => {
  it('sends the headers, a retry, and events that a real parser reads back exactly', async () => {
    const { port, writers } = await serveStream(quiet)
    const client = await connectSse(port, '/')
    expect(client.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(client.headers['x-accel-buffering']).toBe('no')
    expect(client.headers['cache-control']).toContain('no-cache')
    expect(client.headers['access-control-allow-origin']).toBeUndefined()
    await until(() => writers.length === 1)
    const payload = { message: 'line one\r\nline two\rthree\nevent: fake\ndata: {"x":1}\n\nid: 7', emoji: '🛰️' }
    writers[0]!.send({ event: 'error', data: { code: 'internal', message: payload.message }, id: 'a:1' })
    writers[0]!.send({ event: 'settings', data: { theme: 'dark' }, id: 'a:2' })
    await client.waitForEvent((event) => event.event === 'settings')
    expect(client.retryMs).toBe(1500)
    expect(client.events.map((event) => [event.event, event.id, event.data])).toEqual([
      ['error', 'a:1', { code: 'internal', message: payload.message }],
      ['settings', 'a:2', { theme: 'dark' }],
    ])
    client.close()
  })

  it('sends keep-alive comments while idle', async () => {
    const { port } = await serveStream({ ...quiet, keepAliveMs: 50 })
    const client = await connectSse(port, '/')
    await until(() => client.comments.length >= 3)
    expect(client.comments.every((comment) => comment === 'keep-alive')).toBe(true)
    client.close()
  })

  it('releases its keep-alive timer and aborts its signal within a second of the client going away', async () => {
    const { port, writers } = await serveStream({ ...quiet, keepAliveMs: 1000 })
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval')
    const clearIntervalSpy = vi.spyOn(globalThis, 'clearInterval')
    try {
      const client = await connectSse(port, '/')
      await until(() => writers.length === 1)
      const keepAliveTimer = setIntervalSpy.mock.results[0]!.value as NodeJS.Timeout
      expect(clearIntervalSpy).not.toHaveBeenCalledWith(keepAliveTimer)
      const closedAt = Date.now()
      client.close()
      await until(() => writers[0]!.signal.aborted, 1000)
      expect(Date.now() - closedAt).toBeLessThan(1000)
      expect(clearIntervalSpy).toHaveBeenCalledWith(keepAliveTimer)
      expect(writers[0]!.stats().pendingEvents).toBe(0)
    } finally {
      setIntervalSpy.mockRestore()
      clearIntervalSpy.mockRestore()
    }
  })
})

/** A client that reads the response headers and then stops reading: the socket's buffers fill up. */
async function stalledClient(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port })
  await new Promise((resolve) => socket.once('connect', resolve))
  socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
  await new Promise((resolve) => socket.once('data', resolve))
  socket.pause()
  return socket
}

describe('SSE writer backpressure', () => {
  const bigPayload = 'x'.repeat(4096)

  it('bounds what a client that stopped reading costs, and tells it what was skipped', async () => {
    const { port, writers } = await serveStream({ ...quiet, policy: { kind: 'queue', maxEvents: 50 } })
    const socket = await stalledClient(port)
    await until(() => writers.length === 1)
    const writer = writers[0]!
    let maxBufferedBytes = 0
    const total = 20_000
    for (let index = 0; index < total; index += 1) {
      writer.send({ event: 'error', data: { code: 'internal', message: bigPayload }, id: `s:${index}` })
      maxBufferedBytes = Math.max(maxBufferedBytes, writer.stats().bufferedBytes)
      if (index % 500 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    // 20,000 events of 4 KiB is 80 MiB; what the server holds stays near one socket buffer plus the queue.
    const stats = writer.stats()
    expect(writer.isCongested).toBe(true)
    expect(stats.pendingEvents).toBeLessThanOrEqual(50)
    expect(stats.skippedEvents).toBeGreaterThan(0)
    expect(maxBufferedBytes).toBeLessThan(1024 * 1024)

    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (received += chunk))
    socket.resume()
    await until(() => received.includes(`s:${total - 1}`))
    // Walk the stream in order: every id arrives once, in order, or lies in exactly one skipped range.
    let nextIndex = 0
    let skippedCount = 0
    const parser = createParser({
      onEvent(message) {
        if (message.event === 'skipped') {
          const notice = JSON.parse(message.data) as { count: number; fromId: string; toId: string }
          expect(notice.fromId).toBe(`s:${nextIndex}`)
          const toIndex = Number(notice.toId.slice(2))
          expect(notice.count).toBe(toIndex - nextIndex + 1)
          skippedCount += notice.count
          nextIndex = toIndex + 1
        } else {
          expect(message.id).toBe(`s:${nextIndex}`)
          nextIndex += 1
        }
      },
    })
    parser.feed(received)
    expect(nextIndex).toBe(total)
    expect(skippedCount).toBeGreaterThan(0)
    socket.destroy()
  })

  it('lets a producer that must not drop wait until the socket drains, or the client leaves', async () => {
    const { port, writers } = await serveStream(quiet)
    const socket = await stalledClient(port)
    await until(() => writers.length === 1)
    const writer = writers[0]!
    await writer.whenWritable()
    // Loopback buffers grow under load: keep filling until the socket stays congested for a while.
    do {
      for (let index = 0; index < 5000 && !writer.isCongested; index += 1) {
        writer.send({ event: 'error', data: { code: 'internal', message: bigPayload } })
        if (index % 200 === 0) await new Promise((resolve) => setImmediate(resolve))
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    } while (!writer.isCongested)
    let isWritable = false
    const waiting = writer.whenWritable().then(() => (isWritable = true))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(isWritable).toBe(false)
    socket.resume()
    await waiting
    expect(writer.isCongested).toBe(false)
    for (let index = 0; index < 5000 && !writer.isCongested; index += 1) {
      writer.send({ event: 'error', data: { code: 'internal', message: bigPayload } })
      if (index % 200 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    socket.pause()
    const leaving = writer.whenWritable()
    socket.destroy()
    await leaving
    expect(writer.signal.aborted).toBe(true)
    // Filling loopback buffers that grow under load can take a while on a busy machine.
  }, 60_000)

  it('coalesces to the latest event per name, or merges, while congested', async () => {
    const mergeErrors = (pending: { event: string; data: unknown }, next: { event: string; data: unknown }) => ({
      ...next,
      data: { code: 'internal', message: `${(pending.data as { message: string }).message.slice(0, 8)}+` },
    })
    const { port, writers } = await serveStream({
      ...quiet,
      policy: { kind: 'coalesce', mergers: { error: mergeErrors } },
    })
    const socket = await stalledClient(port)
    await until(() => writers.length === 1)
    const writer = writers[0]!
    for (let index = 0; index < 5000 && !writer.isCongested; index += 1) {
      writer.send({ event: 'error', data: { code: 'internal', message: bigPayload } })
      if (index % 200 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    expect(writer.isCongested).toBe(true)
    for (let index = 0; index < 1000; index += 1)
      writer.send({ event: 'settings', data: { theme: index % 2 ? 'dark' : 'light' }, id: `t:${index}` })
    writer.send({ event: 'error', data: { code: 'internal', message: 'first' } })
    writer.send({ event: 'error', data: { code: 'internal', message: 'second' } })
    expect(writer.stats().pendingEvents).toBe(2)
    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (received += chunk))
    socket.resume()
    await until(() => received.includes('id: t:999'))
    expect(received.match(/event: settings/g)).toHaveLength(1)
    expect(received).toContain('data: {"theme":"dark"}')
    expect(received).toContain('data: {"code":"internal","message":"first+"}')
    socket.destroy()
  })
})
