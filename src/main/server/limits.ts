// What the server lets one client, and all of them together, hold: its timeouts, connections and streams.
// Defaults suit one user's windows and scripts with room to spare; tests pass smaller ones.

/** The long-lived answers a route may give, each counted against its own cap. */
export type StreamKind = 'core' | 'metrics' | 'logs' | 'chat' | 'download'

export interface ServerLimits {
  /** Receiving a request's headers, from the connection's start (or the previous answer on it). */
  headersTimeoutMs: number
  /** Receiving a whole request, headers and body; sending the answer is not bounded by it. */
  requestTimeoutMs: number
  /** An idle keep-alive connection between requests. */
  keepAliveTimeoutMs: number
  /** Open connections of all kinds; past it, an idle connection gives way, or the request gets 503. */
  maxConnections: number
  /** Open streams of each kind, whoever opened them. */
  maxStreams: Record<StreamKind, number>
  /** How long a single-use download link stays good (src/shared/downloads.ts). */
  downloadLinkLifetimeMs: number
}

export const defaultServerLimits: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  // Half the usual 1,024 descriptors a process may open, which Vigil shares with its log files.
  maxConnections: 512,
  // A window holds one core stream and one view stream. Metrics streams also serve dashboards and
  // scripts: 200 of them is a benchmarked case (npm run bench fanout).
  maxStreams: { core: 64, metrics: 256, logs: 64, chat: 32, download: 16 },
  downloadLinkLifetimeMs: 30_000,
}

export function serverLimitsOf(overrides: Partial<ServerLimits> = {}): ServerLimits {
  return {
    ...defaultServerLimits,
    ...overrides,
    maxStreams: { ...defaultServerLimits.maxStreams, ...overrides.maxStreams },
  }
}

/**
 * How often Node looks for requests past their header or request timeout. Its default, 30 s, let a
 * trickled header run about 27 s against a 10 s limit: checking several times per limit keeps each
 * timeout close to its value.
 */
export function connectionsCheckingIntervalMs(limits: ServerLimits): number {
  return Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)))
}
