import { describe, expect, it } from 'vitest'
import { followedIds } from './sourceChoice'

describe('the sources followed', () => {
  const listed = ['vigil', 'ingest', 'f1', 'f2']

  it('are all the listed ones until the user chooses', () => {
    expect(followedIds(listed, [], false)).toEqual(listed)
  })

  it('are the chosen ones still listed, in the list’s order', () => {
    expect(followedIds(listed, ['f2', 'vigil', 'gone'], true)).toEqual(['vigil', 'f2'])
    expect(followedIds(listed, [], true)).toEqual([])
  })
})
