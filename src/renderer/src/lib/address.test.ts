// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { addressParam, writeAddressParam } from './address'

afterEach(() => history.replaceState(null, '', '#'))

describe('a choice in the address', () => {
  it('is read beside the view, set and removed in place, the rest of the address kept', () => {
    history.replaceState(null, '', '#view=chat&window=7d')
    const entries = history.length
    expect(addressParam('conversation')).toBeUndefined()
    writeAddressParam('conversation', 'c-42')
    expect(location.hash).toBe('#view=chat&window=7d&conversation=c-42')
    expect(addressParam('conversation')).toBe('c-42')
    writeAddressParam('conversation', undefined)
    expect(location.hash).toBe('#view=chat&window=7d')
    expect(history.length).toBe(entries)
  })
})
