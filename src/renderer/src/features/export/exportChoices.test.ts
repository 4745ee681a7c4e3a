import { describe, expect, it } from 'vitest'
import { defaultChoices, parseChoices } from './exportChoices'

describe('remembered export choices', () => {
  it('are the defaults when nothing was stored, or what was stored is not JSON or not an object', () => {
    expect(parseChoices(null)).toEqual(defaultChoices)
    expect(parseChoices('{"kind":')).toEqual(defaultChoices)
    expect(parseChoices('42')).toEqual(defaultChoices)
  })

  it('default to a header row, no byte order mark and ISO plus epoch times', () => {
    expect(defaultChoices.csv).toEqual({ delimiter: 'comma', header: true, bom: false, timestamps: 'iso-epoch' })
  })

  it('read back what was saved', () => {
    const saved = {
      kind: 'chat',
      csv: { delimiter: 'tab', header: false, bom: true, timestamps: 'local' },
      metricsRange: 'custom',
      resolution: 'minute',
      chatFormat: 'markdown',
    }
    expect(parseChoices(JSON.stringify(saved))).toEqual(saved)
  })

  it('lose only the fields that are no longer valid', () => {
    const stored = {
      kind: 'pictures',
      csv: { delimiter: '|', header: false, bom: 'yes', timestamps: 'epoch' },
      metricsRange: '2y',
      resolution: 'minute',
      chatFormat: 'pdf',
    }
    expect(parseChoices(JSON.stringify(stored))).toEqual({
      kind: 'metrics',
      csv: { delimiter: 'comma', header: false, bom: false, timestamps: 'epoch' },
      metricsRange: '15m',
      resolution: 'minute',
      chatFormat: 'csv',
    })
  })
})
