import { describe, expect, it } from 'vitest'
import { formatSampleId, parseSampleId } from './protocol'

describe('sample ids', () => {
  it('round-trip the instance and seq', () => {
    expect(parseSampleId(formatSampleId('Ab_9-x', 12345))).toEqual({ instanceId: 'Ab_9-x', seq: 12345 })
  })

  it('reject anything that is not <instance>:<seq>', () => {
    for (const id of ['', 'abc', 'abc:', ':12', 'a b:1', 'abc:-1', 'abc:1.5', 'abc:1:2', 'abc:12x']) {
      expect(parseSampleId(id), id).toBeUndefined()
    }
  })
})
