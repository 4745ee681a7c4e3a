// Joining streamed tool call deltas: pieces by index, calls in parallel, ids and names once, arguments split anywhere.
import { describe, expect, it } from 'vitest'
import { createToolCallAccumulator } from './toolCallDeltas'

describe('the tool call accumulator', () => {
  it('joins two calls whose pieces come interleaved, arguments cut inside strings and keys', () => {
    const accumulator = createToolCallAccumulator()
    accumulator.add([{ index: 0, id: 'call_a', type: 'function', function: { name: 'load', arguments: '' } }])
    accumulator.add([{ index: 1, id: 'call_b', type: 'function', function: { name: 'files', arguments: '{"fo' } }])
    accumulator.add([{ index: 0, function: { arguments: '{}' } }])
    accumulator.add([
      { index: 1, function: { arguments: 'lder":"/t' } },
      { index: 1, function: { arguments: 'mp"}' } },
    ])
    expect(accumulator.calls()).toEqual([
      { id: 'call_a', name: 'load', arguments: '{}' },
      { id: 'call_b', name: 'files', arguments: '{"folder":"/tmp"}' },
    ])
  })

  it('orders calls by index, not by arrival, and makes up an id a server left out', () => {
    const accumulator = createToolCallAccumulator()
    accumulator.add([{ index: 2, function: { name: 'files', arguments: '{}' } }])
    accumulator.add([{ index: 0, id: 'call_x', function: { name: 'load', arguments: null } }])
    expect(accumulator.calls().map((call) => [call.id, call.name, call.arguments])).toEqual([
      ['call_x', 'load', ''],
      ['call_2', 'files', '{}'],
    ])
  })

  it('takes a name repeated in every piece once, and calls without an index by their position', () => {
    const accumulator = createToolCallAccumulator()
    accumulator.add([
      { id: 'a', function: { name: 'load', arguments: '{"x"' } },
      { id: 'b', function: { name: 'files' } },
    ])
    accumulator.add([{ index: 0, function: { name: 'load', arguments: ':1}' } }])
    expect(accumulator.calls()).toEqual([
      { id: 'a', name: 'load', arguments: '{"x":1}' },
      { id: 'b', name: 'files', arguments: '' },
    ])
  })

  it('keeps malformed arguments as they came: the loop answers them with an error', () => {
    const accumulator = createToolCallAccumulator()
    accumulator.add([{ index: 0, id: 'c', function: { name: 'load', arguments: '{"window": 5' } }])
    expect(accumulator.calls()[0]!.arguments).toBe('{"window": 5')
  })
})
