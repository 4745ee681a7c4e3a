// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import type { LogSourceInfo } from '../../../../shared/logs'
import { resetLogsStore, useLogsStore } from './logsStore'
import { followSourceList, toggleSource } from './sourceChoice'
import { resetSourcesStore, useSourcesStore } from './sourcesStore'

const source = (id: string): LogSourceInfo => ({ id, kind: 'file', name: `${id}.log`, status: 'idle' })
const stops: (() => void)[] = []

afterEach(() => {
  for (const stop of stops.splice(0)) stop()
  resetLogsStore()
  resetSourcesStore()
  history.replaceState(null, '', '#')
})

describe('the sources followed, in the address', () => {
  it('are the ones the address names once they are listed, and a new pick is written back', () => {
    history.replaceState(null, '', '#view=logs&sources=f2,gone')
    stops.push(followSourceList())
    useSourcesStore.setState({ sources: [source('vigil'), source('f1'), source('f2')] })
    expect(useLogsStore.getState().query.sourceIds).toEqual(['f2'])
    toggleSource('vigil')
    expect(new URLSearchParams(location.hash.slice(1)).get('sources')).toBe('vigil,f2')
  })

  it('are every listed source when the address names none that is still listed', () => {
    history.replaceState(null, '', '#view=logs&sources=gone')
    stops.push(followSourceList())
    useSourcesStore.setState({ sources: [source('vigil'), source('f1')] })
    expect(useLogsStore.getState().query.sourceIds).toEqual(['vigil', 'f1'])
  })
})
