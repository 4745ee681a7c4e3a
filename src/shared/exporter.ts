// The contract of Vigil's Prometheus endpoint (/metrics): its settings, their validation, the status the
// Settings view shows, and the routes that change them. The scrape token itself crosses the wire only in
// the answer that created it.
import { z } from 'zod'

export const exporterRoutes = {
  /** GET: the status; PUT: the settings (turning it on creates the scrape token when there is none). */
  settings: '/api/exporter',
  /** POST: a new scrape token; the old one stops working at once. */
  token: '/api/exporter/token',
  /** What Prometheus scrapes, on the core's own server and on the optional remote listener. */
  metrics: '/metrics',
} as const

/** Where the remote listener binds: an IPv4 address or a bracketed IPv6 address, a colon, a port. */
export interface ListenAddress {
  host: string
  port: number
}

const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const ipv6Pattern = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/

/** "0.0.0.0:9101" or "[::]:9101" into its parts; undefined when it is neither. */
export function parseListenAddress(text: string): ListenAddress | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim())
  if (!match) return undefined
  const port = Number(match[3])
  const host = match[1] ?? match[2]!
  const isHost = match[1] !== undefined ? ipv6Pattern.test(host) : ipv4Pattern.test(host)
  return isHost && port >= 1 && port <= 65_535 ? { host, port } : undefined
}

export const listenAddressSchema = z
  .string()
  .max(64, 'listenAddress is at most 64 characters')
  .refine(
    (text) => parseListenAddress(text) !== undefined,
    'listenAddress must be an IP address and a port, such as 0.0.0.0:9101 or [::]:9101 (port 1 to 65535)',
  )

export const exporterSettingsSchema = z.strictObject({
  isEnabled: z.boolean({ error: 'isEnabled must be true or false' }),
  /** A second listener for scrapers on other machines; null keeps /metrics on the core's loopback port only. */
  listenAddress: listenAddressSchema.nullable(),
})

export type ExporterSettings = z.infer<typeof exporterSettingsSchema>

export type RemoteListenerState =
  { state: 'off' } | { state: 'listening'; address: string } | { state: 'failed'; address: string; message: string }

export interface ExporterStatus extends ExporterSettings {
  /** Whether a scrape token exists (it is never shown again after the answer that created it). */
  hasToken: boolean
  /** How the token is kept, for people: the secret store's description. */
  tokenStorage: string
  remote: RemoteListenerState
}

/** PUT's and POST's answer: the status, and the token when this request created one (shown once). */
export interface ExporterChange {
  status: ExporterStatus
  token?: string
}
