import { describe, expect, it } from 'vitest'
import { outcomeOf, progressOf } from './exportProgress'

describe('export progress in words', () => {
  it('says a job waiting for its download is starting, with no fraction', () => {
    expect(progressOf({ state: 'ready', progress: { rows: 0, bytes: 0, totalRows: 100 } })).toEqual({
      fraction: undefined,
      text: 'Starting…',
    })
  })

  it('counts rows against the total where the core knows it (metrics, chats)', () => {
    expect(progressOf({ state: 'running', progress: { rows: 1200, bytes: 86_016, totalRows: 3600 } })).toEqual({
      fraction: 1 / 3,
      text: '1,200 of 3,600 rows · 84.0 KiB',
    })
  })

  it('measures log exports by the bytes of the files read, and says the rows and bytes written', () => {
    const progress = { rows: 1, bytes: 100, inputBytes: 50 * 1024 * 1024, totalInputBytes: 200 * 1024 * 1024 }
    expect(progressOf({ state: 'running', progress })).toEqual({
      fraction: 0.25,
      text: 'read 50.0 MiB of 200 MiB · 1 row · 100 B',
    })
  })

  it('shows activity only when no total is known (sources held in memory)', () => {
    expect(progressOf({ state: 'running', progress: { rows: 5, bytes: 2048, totalInputBytes: 0 } })).toEqual({
      fraction: undefined,
      text: '5 rows · 2.00 KiB',
    })
  })

  it('never shows a bar beyond full', () => {
    expect(progressOf({ state: 'running', progress: { rows: 12, bytes: 1, totalRows: 10 } }).fraction).toBe(1)
  })

  it('says how an export ended, with the reason of a failure', () => {
    expect(outcomeOf({ state: 'done' })).toBe('Done')
    expect(outcomeOf({ state: 'cancelled', error: 'Cancelled.' })).toBe('Cancelled')
    expect(outcomeOf({ state: 'failed', error: 'There is not enough free space in /tmp; nothing was saved.' })).toBe(
      'Failed: There is not enough free space in /tmp; nothing was saved.',
    )
    expect(outcomeOf({ state: 'done', error: 'Its history entry could not be saved: the disk is full.' })).toBe(
      'Done: Its history entry could not be saved: the disk is full.',
    )
    expect(outcomeOf({ state: 'interrupted', error: 'Vigil stopped before this export ended.' })).toBe(
      'Interrupted: Vigil stopped before this export ended.',
    )
  })
})
