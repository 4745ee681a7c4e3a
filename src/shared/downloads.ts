// Downloads without an ambient credential. A browser follows a download link with no way to add an
// Authorization header, and Vigil sets no cookie (cookies ignore ports: every server on 127.0.0.1 would
// get one). So the page asks, with its bearer token, for a link to one download route's answer; the
// link works once, for a short time, and carries no token.
import { z } from 'zod'

export const downloadRoutes = {
  /** POST a DownloadTicketRequest with the bearer token: answered with a DownloadTicket. */
  tickets: '/api/downloads',
  /** GET ?ticket=: the download itself, once, without the token. */
  fetch: '/api/download',
} as const

export interface DownloadTicketRequest {
  /** The download route's path and query, e.g. /api/exports/file?id=…. */
  path: string
}

export interface DownloadTicket {
  /** Same-origin path and query to follow, once. */
  url: string
  /** Epoch ms after which the link is refused. */
  expiresAt: number
}

export const downloadTicketRequestSchema = z.strictObject({
  path: z.string().startsWith('/api/', 'path must be an API route of this server, starting with /api/').max(2048),
})
