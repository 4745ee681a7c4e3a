// Caps on connections and on streams per kind (limits.ts), so that no flood of sockets, trusted or not,
// can take every place and leave the user's own window without one.
// - Connections: past `maxConnections`, a new connection takes the place of an idle one (no request in
//   flight), one that never showed a valid token first, then the oldest idle one; a browser or script
//   simply opens another later. When every connection is busy, the new one's request gets 503 naming
//   the limit, and the connection is closed (at once if it sends nothing).
// - Streams: each kind (core, metrics, logs, chat, download) counts its open answers; past its cap the
//   request gets 503 naming the limit, before the route does any work.
// Lifecycle: attached to the server for its life; a socket's entry lives until the socket closes.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { VigilError } from '../../shared/errors'
import { HttpRefusal } from './httpStatus'
import type { ServerLimits, StreamKind } from './limits'

interface SocketState {
  /** A request on it carried a valid token (or download link). */
  isTrusted: boolean
  activeRequests: number
  /** Accepted past the cap with no idle connection to replace: its request is refused. */
  isOverLimit: boolean
}

export interface ConnectionGuard {
  /** Counts a request until its answer is done; a 503 if its connection came past the cap. */
  admit(request: IncomingMessage, response: ServerResponse): VigilError | undefined
  /** The request carried a valid credential: its connection is no longer the first to give way. */
  trust(request: IncomingMessage): void
  /** Counts a stream of `kind` until its answer closes; a 503 if that kind is at its cap. */
  openStream(kind: StreamKind, response: ServerResponse): VigilError | undefined
}

/** How long a connection accepted past the cap may take to send the request it will be refused. */
const overLimitGraceMs = 2_000

export function guardConnections(server: Server, limits: ServerLimits): ConnectionGuard {
  // Insertion order is connection order: the first idle entry found is the oldest.
  const sockets = new Map<Socket, SocketState>()
  const openStreams = new Map<StreamKind, number>()

  server.on('connection', (socket: Socket) => {
    const state: SocketState = { isTrusted: false, activeRequests: 0, isOverLimit: false }
    if (sockets.size >= limits.maxConnections) {
      const idle = oldestIdle(false) ?? oldestIdle(true)
      if (idle) {
        sockets.delete(idle)
        idle.destroy()
      } else {
        state.isOverLimit = true
        const timer = setTimeout(() => socket.destroy(), overLimitGraceMs)
        socket.once('close', () => clearTimeout(timer))
      }
    }
    sockets.set(socket, state)
    socket.once('close', () => sockets.delete(socket))
  })

  function oldestIdle(isTrusted: boolean): Socket | undefined {
    for (const [socket, state] of sockets)
      if (state.activeRequests === 0 && state.isTrusted === isTrusted && !state.isOverLimit) return socket
    return undefined
  }

  return {
    admit(request, response) {
      const state = sockets.get(request.socket)
      if (!state) return undefined
      state.activeRequests += 1
      response.once('close', () => (state.activeRequests -= 1))
      if (!state.isOverLimit) return undefined
      return new HttpRefusal(
        'unavailable',
        `Vigil already serves ${limits.maxConnections} connections, its limit: try again once one closes.`,
        { Connection: 'close' },
      )
    },
    trust(request) {
      const state = sockets.get(request.socket)
      if (state) state.isTrusted = true
    },
    openStream(kind, response) {
      const open = openStreams.get(kind) ?? 0
      if (open >= limits.maxStreams[kind]) {
        return new VigilError(
          'unavailable',
          `Vigil already serves ${open} ${kind} streams, its limit: close a Vigil window or tab, or try again later.`,
        )
      }
      openStreams.set(kind, open + 1)
      response.once('close', () => openStreams.set(kind, (openStreams.get(kind) ?? 1) - 1))
      return undefined
    },
  }
}
