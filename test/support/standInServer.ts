// A tiny HTTP server on a free loopback port that answers as a test tells it: what a URL that is not
// Prometheus (an HTML page, a huge body, silence, a 401) looks like to the Hosts view. It remembers the
// Authorization header of every request, so a test can see which credentials went where.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StandInServer {
  url: string
  /** Authorization headers received, in order ('' for a request without one). */
  authorizations: string[]
  close(): Promise<void>
}

export async function startStandInServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<StandInServer> {
  const authorizations: string[] = []
  const server = createServer((request, response) => {
    authorizations.push(request.headers.authorization ?? '')
    handle(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
