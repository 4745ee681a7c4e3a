import { describe, expect, it } from 'vitest'
import { isOnThisMachine } from './endpoints'

describe('isOnThisMachine', () => {
  it('knows loopback addresses and localhost names from every other host', () => {
    const local = [
      'http://127.0.0.1:11434/v1',
      'http://127.8.0.1/v1',
      'http://localhost:1234/v1',
      'http://[::1]:8080/v1',
    ]
    const remote = [
      'https://api.openai.com/v1',
      'http://192.168.1.10:11434/v1',
      'http://127.0.0.1.example.com/v1',
      'http://localhost.example.com/v1',
      'http://[::ffff:8.8.8.8]/v1',
      'not a url',
    ]
    expect(local.map(isOnThisMachine)).toEqual(local.map(() => true))
    expect(remote.map(isOnThisMachine)).toEqual(remote.map(() => false))
  })
})
