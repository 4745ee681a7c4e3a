import { createServer, type AddressInfo } from 'node:net'

/**
 * A loopback port that was just in use and is now closed: connecting is refused. (Low fixed ports such
 * as 1 or 9 will not do: fetch refuses them outright as "bad ports".)
 */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
