import { describe, expect, it } from 'vitest'
import { downloadRoutes } from '../../shared/downloads'
import { createDownloadTickets } from './downloadTickets'

function ticketOf(url: string): string {
  return new URL(url, 'http://127.0.0.1').searchParams.get('ticket')!
}

describe('download tickets', () => {
  it('lead to their target once, then never again', () => {
    const tickets = createDownloadTickets({ lifetimeMs: 30_000 })
    const { url } = tickets.mint('/api/exports/file?id=a')
    expect(url.startsWith(`${downloadRoutes.fetch}?ticket=`)).toBe(true)
    expect(tickets.redeem(ticketOf(url))).toBe('/api/exports/file?id=a')
    expect(tickets.redeem(ticketOf(url))).toBeUndefined()
  })

  it('expire after their lifetime, used or not', () => {
    let time = 1_000
    const tickets = createDownloadTickets({ lifetimeMs: 30_000, now: () => time })
    const minted = tickets.mint('/api/exports/file?id=a')
    expect(minted.expiresAt).toBe(31_000)
    time = 31_000
    expect(tickets.redeem(ticketOf(minted.url))).toBeUndefined()
  })

  it('are unguessable and distinct, and an unknown one leads nowhere', () => {
    const tickets = createDownloadTickets({ lifetimeMs: 30_000 })
    const first = ticketOf(tickets.mint('/a').url)
    const second = ticketOf(tickets.mint('/a').url)
    expect(first).not.toBe(second)
    expect(first.length).toBeGreaterThanOrEqual(32)
    expect(tickets.redeem('not-a-ticket')).toBeUndefined()
  })

  it('keep at most a bounded number waiting: the oldest gives way', () => {
    const tickets = createDownloadTickets({ lifetimeMs: 30_000, maxTickets: 2 })
    const urls = ['/1', '/2', '/3'].map((target) => tickets.mint(target).url)
    expect(tickets.redeem(ticketOf(urls[0]!))).toBeUndefined()
    expect(tickets.redeem(ticketOf(urls[1]!))).toBe('/2')
    expect(tickets.redeem(ticketOf(urls[2]!))).toBe('/3')
  })
})
