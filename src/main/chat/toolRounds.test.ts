// The tool loop's bounds, how a round is told to the model, and a call run on a tool box whatever the model sent.
import { describe, expect, it } from 'vitest'
import type { ToolBox } from '../../shared/tools'
import { createToolLoopBounds, roundMessages, runToolCall } from './toolRounds'

describe('the tool loop bounds', () => {
  it('ends the loop after the most rounds, and says so', () => {
    const bounds = createToolLoopBounds({ maxRounds: 3, timeBudgetMs: 60_000 }, () => 0)
    expect(bounds.afterRound()).toBeUndefined()
    expect(bounds.afterRound()).toBeUndefined()
    expect(bounds.afterRound()).toMatch(/3 rounds/)
  })

  it('ends the loop once its time is spent, not counting the time the user took to decide', () => {
    let now = 0
    const bounds = createToolLoopBounds({ maxRounds: 8, timeBudgetMs: 10_000 }, () => now)
    now = 9_000
    expect(bounds.afterRound()).toBeUndefined()
    now = 60_000
    bounds.addWaiting(51_500)
    expect(bounds.afterRound()).toBeUndefined()
    now = 62_000
    expect(bounds.afterRound()).toMatch(/more than 10 s/)
  })
})

describe('a round for the model', () => {
  it('is an assistant message with the calls, then one tool message per call saying what became of it', () => {
    const messages = roundMessages({
      content: '',
      calls: [
        {
          id: 'a',
          name: 'load',
          arguments: '{}',
          state: 'sent',
          result: { text: '0.5', isCut: false, isError: false },
        },
        {
          id: 'b',
          name: 'load',
          arguments: '{}',
          state: 'denied',
          result: { text: '0.7', isCut: false, isError: false },
        },
      ],
    })
    expect(messages[0]).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'a', type: 'function', function: { name: 'load', arguments: '{}' } },
        { id: 'b', type: 'function', function: { name: 'load', arguments: '{}' } },
      ],
    })
    expect(messages[1]).toEqual({ role: 'tool', tool_call_id: 'a', content: '0.5' })
    expect(messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'b', content: expect.stringMatching(/denied/) })
    expect(JSON.stringify(messages)).not.toContain('0.7')
  })
})

describe('running a call', () => {
  const seen: unknown[] = []
  const toolBox: ToolBox = {
    specs: () => [{ name: 'echo', description: 'Says its arguments back.', parameters: { type: 'object' } }],
    async call(_name, args) {
      seen.push(args)
      if ((args as { fail?: boolean }).fail) throw new Error('disk gone')
      return { text: JSON.stringify(args), isCut: false, isError: false }
    },
  }
  const context = { isOffMachine: false, signal: new AbortController().signal }

  it('parses the arguments, and takes an empty string as none', async () => {
    expect(await runToolCall(toolBox, { name: 'echo', arguments: '{"a":1}' }, context)).toEqual({
      result: { text: '{"a":1}', isCut: false, isError: false },
      hasToolRun: true,
    })
    expect((await runToolCall(toolBox, { name: 'echo', arguments: '' }, context)).result.text).toBe('{}')
  })

  it('answers malformed arguments and an unknown tool without running it, and a failing tool, with an error result', async () => {
    const malformed = await runToolCall(toolBox, { name: 'echo', arguments: '{"a":' }, context)
    expect(malformed).toMatchObject({
      result: { isError: true, text: expect.stringMatching(/not valid JSON/) },
      hasToolRun: false,
    })
    const unknown = await runToolCall(toolBox, { name: 'rm', arguments: '{}' }, context)
    expect(unknown).toMatchObject({
      result: { isError: true, text: expect.stringMatching(/no tool named "rm".*echo/) },
      hasToolRun: false,
    })
    const failing = await runToolCall(toolBox, { name: 'echo', arguments: '{"fail":true}' }, context)
    expect(failing).toEqual({
      result: { isError: true, isCut: false, text: 'echo failed: disk gone' },
      hasToolRun: true,
    })
  })
})
