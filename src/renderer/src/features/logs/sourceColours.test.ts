// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { assignColours, loadColourSlots, saveColourSlots, sourceColour } from './sourceColours'

afterEach(() => localStorage.clear())

describe('log source colours', () => {
  it('give each new source the first colour no other source holds', () => {
    expect(assignColours({}, ['vigil', 'ingest', 'f1'])).toEqual({ vigil: 0, ingest: 1, f1: 2 })
  })

  it('keep every other source’s colour when one is removed, and give the freed colour to the next new one', () => {
    const before = assignColours({}, ['vigil', 'ingest', 'f1', 'f2', 'f3'])
    const after = assignColours(before, ['vigil', 'ingest', 'f2', 'f3'])
    for (const id of ['vigil', 'ingest', 'f2', 'f3']) expect(sourceColour(after, id)).toBe(sourceColour(before, id))
    expect(assignColours(after, ['vigil', 'ingest', 'f2', 'f3', 'f4']).f4).toBe(before.f1)
  })

  it('share the least used colours once there are more sources than colours', () => {
    const ids = Array.from({ length: 10 }, (_, index) => `f${index}`)
    const slots = assignColours({}, ids)
    expect(Object.values(slots)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 0, 1])
  })

  it('are remembered across a reload, and an unreadable record is ignored', () => {
    saveColourSlots({ vigil: 0, f2: 5 })
    expect(loadColourSlots()).toEqual({ vigil: 0, f2: 5 })
    localStorage.setItem('vigil.logs.sourceColours', '{"f1": 99, "f2": 3}')
    expect(loadColourSlots()).toEqual({ f2: 3 })
    localStorage.setItem('vigil.logs.sourceColours', 'not json')
    expect(loadColourSlots()).toEqual({})
  })
})
