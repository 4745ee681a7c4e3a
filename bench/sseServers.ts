// The two servers of the SSE delivery benchmark, in a child process of their own so that they do not share
// the client's event loop: Vigil's real server with a bench-only route, and a bare node:http SSE server.
// Prints `sse-servers ready {"vigilPort":…,"barePort":…,"token":…}` on stdout; lives until killed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { consoleSink, createLogger } from '../src/main/logger'
import { startHttpServer, type Route } from '../src/main/server/httpServer'
import { VigilError } from '../src/shared/errors'
import { createToken } from '../src/main/server/security'
import { openSseStream } from '../src/main/server/sseWriter'
import type { StaticFiles } from '../src/main/server/staticFiles'
import {
  benchEventName,
  benchStreamPath,
  planFromUrl,
  produceEvents,
  type BenchEventData,
  type BenchEventSink,
} from './sseBenchEvents'

function vigilSink(request: IncomingMessage, response: ServerResponse): BenchEventSink {
  const stream = openSseStream<{ event: typeof benchEventName; data: BenchEventData }>(request, response, {
    retryMs: 2000,
    keepAliveMs: 15_000,
    policy: { kind: 'queue', maxEvents: 1000 },
  })
  return {
    send(id, data) {
      stream.send({ event: benchEventName, data, id })
      return !stream.isCongested
    },
    waitUntilWritable: () => stream.whenWritable(),
    get isClosed() {
      return stream.signal.aborted
    },
    end: () => stream.close(),
  }
}

function bareSink(response: ServerResponse): BenchEventSink {
  response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' })
  return {
    send: (id, data) => response.write(`id: ${id}\nevent: ${benchEventName}\ndata: ${JSON.stringify(data)}\n\n`),
    waitUntilWritable() {
      return new Promise<void>((resolve) => {
        const settle = (): void => {
          response.off('drain', settle).off('close', settle)
          resolve()
        }
        response.on('drain', settle).on('close', settle)
      })
    },
    get isClosed() {
      return response.destroyed
    },
    end: () => response.end(),
  }
}

async function startBareServer(): Promise<number> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== benchStreamPath) {
      response.writeHead(404).end()
      return
    }
    void produceEvents(bareSink(response), planFromUrl(url))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

async function startVigilServer(token: string): Promise<number> {
  const benchRoute: Route = {
    method: 'GET',
    path: benchStreamPath,
    handle({ request, response, url }) {
      void produceEvents(vigilSink(request, response), planFromUrl(url))
      return undefined
    },
  }
  const noStaticFiles: StaticFiles = {
    serve: () => Promise.reject(new VigilError('not_found', 'The bench server has no UI.')),
  }
  const server = await startHttpServer({
    port: 0,
    token,
    routes: [benchRoute],
    staticFiles: noStaticFiles,
    logger: createLogger(consoleSink),
  })
  return server.port
}

const token = createToken()
const [vigilPort, barePort] = await Promise.all([startVigilServer(token), startBareServer()])
process.stdout.write(`sse-servers ready ${JSON.stringify({ vigilPort, barePort, token })}\n`)
