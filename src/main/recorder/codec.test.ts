import { describe, expect, it } from 'vitest'
import { decodeMinutes, decodeTimes, decodeValues, encodeMinutes, encodeTimes, encodeValues } from './codec'

describe('recorder codec', () => {
  it('gives back two-decimal values, gaps, negatives and large byte counts exactly', () => {
    const values = [12.34, Number.NaN, -0.5, 0, 99.99, 3.2e12, 3.2e12 + 0.01, Number.NaN, 7]
    const decoded = Array.from(decodeValues(encodeValues(values), values.length))
    expect(decoded).toEqual(values)
  })

  it('keeps values finer than hundredths, or too large to scale, as float64', () => {
    const values = [0.123, 1e300, Number.NaN, -2.5e-7, 42]
    expect(Array.from(decodeValues(encodeValues(values), values.length))).toEqual(values)
  })

  it('packs an hour of a steady series into a few bytes and a noisy one into about two bytes a value', () => {
    const steady = new Array<number>(3600).fill(16_000_000_000)
    expect(encodeValues(steady).length).toBeLessThan(40)
    let seed = 7
    const noisy = Array.from({ length: 3600 }, () => {
      seed = (seed * 16807) % 2147483647
      return Math.round((seed / 2147483647) * 10_000) / 100
    })
    expect(encodeValues(noisy).length).toBeLessThan(3600 * 2.2)
  })

  it('packs memory moving by whole pages in about a byte a value, as exactly', () => {
    let bytes = 2_000_000_000
    let seed = 11
    const pages = Array.from({ length: 3600 }, () => {
      seed = (seed * 16807) % 2147483647
      bytes += ((seed % 33) - 16) * 4096
      return bytes
    })
    const blob = encodeValues(pages)
    expect(Array.from(decodeValues(blob, pages.length))).toEqual(pages)
    expect(blob.length).toBeLessThan(3600 * 1.1)
  })

  it('gives back sample times with jitter, gaps and a clock set back', () => {
    const times = [1_767_225_600_000, 1_767_225_601_003, 1_767_225_601_998, 1_767_225_700_000, 1_767_225_650_000]
    expect(Array.from(decodeTimes(encodeTimes(times), times.length))).toEqual(times)
  })

  it('gives back a day of minute aggregates', () => {
    const rows = {
      minute: [0, 1, 1439],
      min: [1, 2.5, 0],
      avg: [1.5, 3, 0.01],
      max: [2, 4.25, 0.02],
      count: [60, 59, 1],
    }
    expect(decodeMinutes(encodeMinutes(rows))).toEqual(rows)
  })
})
