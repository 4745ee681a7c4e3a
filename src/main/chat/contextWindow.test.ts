import { describe, expect, it } from 'vitest'
import type { CompletionMessage } from './completion'
import {
  contextOfLlamaCppProps,
  contextOfLmStudioModel,
  contextOfOllamaShow,
  estimateTokens,
  fitToContext,
} from './contextWindow'

describe('the context length a server tells', () => {
  it('is read from llama.cpp’s props, Ollama’s show and LM Studio’s model, each as it sends it', () => {
    expect(contextOfLlamaCppProps({ default_generation_settings: { n_ctx: 4096 } })).toBe(4096)
    expect(
      contextOfOllamaShow({
        parameters: 'stop "<|eot_id|>"\nnum_ctx 8192',
        model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072 },
      }),
    ).toBe(8192)
    expect(
      contextOfOllamaShow({ model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': 32768 } }),
    ).toBe(32768)
    expect(contextOfLmStudioModel({ max_context_length: 32768, loaded_context_length: 4096 })).toBe(4096)
    expect(contextOfLmStudioModel({ max_context_length: 32768 })).toBe(32768)
    expect(contextOfLlamaCppProps({ error: 'not found' })).toBeUndefined()
    expect(contextOfOllamaShow(undefined)).toBeUndefined()
  })
})

describe('fitting a conversation to the context', () => {
  const message = (role: 'system' | 'user' | 'assistant', length: number): CompletionMessage => ({
    role,
    content: role[0]!.repeat(length),
  })

  it('keeps everything that fits', () => {
    const messages = [message('system', 40), message('user', 40), message('assistant', 40), message('user', 40)]
    expect(fitToContext(messages, 1000)).toEqual({
      messages,
      estimatedTokens: messages.reduce((sum, each) => sum + estimateTokens(each), 0),
      omittedMessages: 0,
    })
  })

  it('keeps the system prompt and the newest message, then the newest turns, and never opens on an answer', () => {
    const system = message('system', 400)
    const newest = message('user', 400)
    const turns = [message('user', 400), message('assistant', 400), message('user', 40), message('assistant', 40)]
    const fitted = fitToContext([system, ...turns, newest], 104 + 104 + 14 + 14 + 104)
    expect(fitted.messages).toEqual([system, turns[2], turns[3], newest])
    expect(fitted.omittedMessages).toBe(2)
    // Too small even for the system prompt and the newest message: those two still go.
    expect(fitToContext([system, ...turns, newest], 10).messages).toEqual([system, newest])
  })
  it('never opens on the results of tool calls whose request was left out', () => {
    const system = message('system', 40)
    const call: CompletionMessage = {
      role: 'assistant',
      content: '',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'disk_usage', arguments: '{"path":"/"}' } }],
    }
    const result: CompletionMessage = { role: 'tool', tool_call_id: 'call_1', content: 't'.repeat(40) }
    const newest = message('user', 40)
    const fitted = fitToContext([system, message('user', 4000), call, result, newest], estimateTokens(system) + 40)
    expect(fitted.messages).toEqual([system, newest])
    expect(estimateTokens(call)).toBeGreaterThan(estimateTokens({ role: 'assistant', content: '' }))
  })
})
