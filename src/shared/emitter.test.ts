import { describe, expect, it } from 'vitest'
import { createEmitter } from './emitter'

describe('an emitter', () => {
  it('calls each listener in the order it subscribed, until it unsubscribes', () => {
    const emitter = createEmitter<number>()
    const heard: string[] = []
    const offA = emitter.on((value) => heard.push(`a${value}`))
    emitter.on((value) => heard.push(`b${value}`))
    emitter.emit(1)
    offA()
    offA()
    emitter.emit(2)
    expect(heard).toEqual(['a1', 'b1', 'b2'])
    expect(emitter.listenerCount).toBe(1)
  })

  it('keeps one subscription per call even for the same function, and clear() drops them all', () => {
    const emitter = createEmitter<string>()
    const heard: string[] = []
    const listener = (value: string) => heard.push(value)
    const offFirst = emitter.on(listener)
    emitter.on(listener)
    offFirst()
    emitter.emit('x')
    expect(heard).toEqual(['x'])
    emitter.clear()
    emitter.emit('y')
    expect(heard).toEqual(['x'])
  })
})
