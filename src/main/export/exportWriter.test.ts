import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { defaultCsvOptions } from '../../shared/export'
import type { TextPlan } from './exportPlan'
import { writeExport } from './exportWriter'

/** A plan of `count` pieces that notes when each is asked for, against what the sink has taken. */
function recordingPlan(count: number, events: string[]): TextPlan {
  return {
    kind: 'chat',
    format: 'text',
    title: 'pieces',
    extension: 'md',
    contentType: 'text/markdown',
    *pieces() {
      for (let index = 0; index < count; index += 1) {
        events.push(`make ${index}`)
        yield { text: `piece ${index}\n`.padEnd(64, '.'), rows: 1 }
      }
    },
  }
}

/** A sink that takes one chunk at a time and finishes it only when told, like a slow socket. */
function slowSink(events: string[]): Writable & { finishOne(): void } {
  const waiting: (() => void)[] = []
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      const piece = /piece (\d+)/.exec(chunk.toString())![1]
      events.push(`write ${piece}`)
      waiting.push(() => {
        events.push(`taken ${piece}`)
        done()
      })
    },
  })
  return Object.assign(sink, { finishOne: () => waiting.shift()?.() })
}

describe('the export writer', () => {
  it('makes the next piece while the destination takes the last one, and never more than one ahead', async () => {
    const events: string[] = []
    const sink = slowSink(events)
    const written = writeExport(recordingPlan(3, events), defaultCsvOptions, sink, {
      signal: new AbortController().signal,
      onProgress: () => {},
    })
    for (let turn = 0; turn < 20; turn += 1) {
      await new Promise((resolve) => setImmediate(resolve))
      sink.finishOne()
    }
    expect((await written).rows).toBe(3)
    expect(events).toEqual([
      'make 0',
      'write 0',
      'make 1',
      'taken 0',
      'write 1',
      'make 2',
      'taken 1',
      'write 2',
      'taken 2',
    ])
  })
})
