// Single-use, short-lived download links (src/shared/downloads.ts says why they exist).
// Lifecycle: a ticket lives from mint() until it is redeemed once or its lifetime ends; expired tickets
// are dropped as new ones are minted, and at most `maxTickets` wait at once, so nothing grows unbounded
// and no timer is needed.
import { randomBytes } from 'node:crypto'
import { downloadRoutes, type DownloadTicket } from '../../shared/downloads'

export interface DownloadTickets {
  /** A link to `target` (an API path and query), good for one GET before it expires. */
  mint(target: string): DownloadTicket
  /** The target of a valid ticket, which is used up by this call; undefined if unknown, used or expired. */
  redeem(ticket: string): string | undefined
}

export interface DownloadTicketOptions {
  lifetimeMs: number
  maxTickets?: number
  now?: () => number
}

export function createDownloadTickets(options: DownloadTicketOptions): DownloadTickets {
  const { lifetimeMs, maxTickets = 64, now = Date.now } = options
  const waiting = new Map<string, { target: string; expiresAt: number }>()

  function dropExpired(): void {
    const time = now()
    for (const [ticket, entry] of waiting) if (entry.expiresAt <= time) waiting.delete(ticket)
  }

  return {
    mint(target) {
      dropExpired()
      // Maps keep insertion order: the oldest waiting ticket gives way.
      if (waiting.size >= maxTickets) waiting.delete(waiting.keys().next().value!)
      const ticket = randomBytes(24).toString('base64url')
      const expiresAt = now() + lifetimeMs
      waiting.set(ticket, { target, expiresAt })
      return { url: `${downloadRoutes.fetch}?ticket=${ticket}`, expiresAt }
    },
    redeem(ticket) {
      const entry = waiting.get(ticket)
      waiting.delete(ticket)
      if (!entry || entry.expiresAt <= now()) return undefined
      return entry.target
    },
  }
}
