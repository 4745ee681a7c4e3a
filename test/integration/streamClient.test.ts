// The renderer's stream client over real HTTP: a stream that answers a POST (a chat answer being started)
// is started once, and a reconnect follows it with a GET and Last-Event-ID.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { holdLaunchToken } from '../../src/renderer/src/lib/authorization'
import { openStream, type StreamStatus } from '../../src/renderer/src/lib/streamClient'

interface SeenRequest {
  method: string
  path: string
  contentType: string | undefined
  lastEventId: string | undefined
  authorization?: string
  body: string
}

let server: Server | undefined
afterEach(() => {
  server?.closeAllConnections()
  server?.close()
})

async function serve(
  answer: (request: SeenRequest, response: ServerResponse) => void,
): Promise<{ origin: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = []
  server = createServer(async (request: IncomingMessage, response) => {
    let body = ''
    for await (const chunk of request) body += String(chunk)
    const entry = {
      method: request.method ?? '',
      path: request.url ?? '',
      contentType: request.headers['content-type'],
      lastEventId: request.headers['last-event-id'] as string | undefined,
      ...(request.headers.authorization === undefined ? {} : { authorization: request.headers.authorization }),
      body,
    }
    seen.push(entry)
    answer(entry, response)
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen }
}

const sseHeaders = { 'Content-Type': 'text/event-stream' }

describe('a stream started by a POST', () => {
  it('is posted once, with its JSON body; a reconnect GETs the follow path with Last-Event-ID', async () => {
    const { origin, seen } = await serve((request, response) => {
      response.writeHead(200, sseHeaders)
      // The POST's answer carries the first token and then drops; the GET carries the rest.
      if (request.method === 'POST') response.end('retry: 10\n\nevent: token\nid: 0\ndata: {"text":"a"}\n\n')
      else response.write('event: token\nid: 1\ndata: {"text":"b"}\n\n')
    })
    const texts: string[] = []
    const close = openStream<{ event: 'token'; data: { text: string } }>({
      path: `${origin}/follow`,
      start: { path: `${origin}/start`, body: '{"action":"send"}' },
      onEvent: (event) => texts.push(event.data.text),
    })
    try {
      await expect.poll(() => texts, { timeout: 3000 }).toEqual(['a', 'b'])
    } finally {
      close()
    }
    expect(seen).toEqual([
      {
        method: 'POST',
        path: '/start',
        contentType: 'application/json',
        lastEventId: undefined,
        body: '{"action":"send"}',
      },
      { method: 'GET', path: '/follow', contentType: undefined, lastEventId: '0', body: '' },
    ])
  })

  it('that is refused goes offline with the core’s reason and is not sent again', async () => {
    const { origin, seen } = await serve((_request, response) => {
      response
        .writeHead(409, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ code: 'conflict', message: 'This conversation is still answering: stop it first.' }))
    })
    const statuses: StreamStatus[] = []
    const close = openStream({
      path: `${origin}/follow`,
      start: { path: `${origin}/start`, body: '{}' },
      onEvent: () => undefined,
      onStatus: (status) => statuses.push(status),
    })
    try {
      await expect
        .poll(() => statuses.at(-1), { timeout: 3000 })
        .toEqual({
          state: 'offline',
          detail: 'This conversation is still answering: stop it first.',
          // The core's answer whole, so the page can act on its code and details (a question to confirm).
          refusal: { code: 'conflict', message: 'This conversation is still answering: stop it first.' },
        })
    } finally {
      close()
    }
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /start'])
  })
})

describe('every connection of a stream', () => {
  it('carries the page’s token as a bearer header, the first and each reconnect', async () => {
    const { origin, seen } = await serve((request, response) => {
      response.writeHead(200, sseHeaders)
      // The first answer drops at once, so the client reconnects.
      if (seen.length === 1) response.end('retry: 10\n\nevent: token\nid: 0\ndata: {"text":"a"}\n\n')
      else response.write('event: token\nid: 1\ndata: {"text":"b"}\n\n')
    })
    holdLaunchToken('launch-token')
    const texts: string[] = []
    const close = openStream<{ event: 'token'; data: { text: string } }>({
      path: `${origin}/follow`,
      onEvent: (event) => texts.push(event.data.text),
    })
    try {
      await expect.poll(() => texts, { timeout: 3000 }).toEqual(['a', 'b'])
    } finally {
      close()
      holdLaunchToken(undefined)
    }
    expect(seen.map((request) => request.authorization)).toEqual(['Bearer launch-token', 'Bearer launch-token'])
  })
})

describe('the text of a stream', () => {
  it('keeps a character whose bytes were cut across network chunks whole', async () => {
    const frame = Buffer.from('event: token\nid: 0\ndata: {"text":"é🙂"}\n\n')
    // The cut falls inside the emoji's four bytes; each half is flushed on its own, a moment apart.
    const cutAt = frame.indexOf(Buffer.from('🙂')) + 2
    await serve((_request, response) => {
      response.writeHead(200, sseHeaders)
      response.write(frame.subarray(0, cutAt))
      setTimeout(() => response.write(frame.subarray(cutAt)), 50)
    }).then(({ origin }) => {
      const texts: string[] = []
      const close = openStream<{ event: 'token'; data: { text: string } }>({
        path: `${origin}/follow`,
        onEvent: (event) => texts.push(event.data.text),
      })
      return expect
        .poll(() => texts, { timeout: 3000 })
        .toEqual(['é🙂'])
        .finally(close)
    })
  })
})
