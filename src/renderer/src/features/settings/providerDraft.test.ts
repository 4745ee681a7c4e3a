import { describe, expect, it } from 'vitest'
import { draftFor, draftProblem, switchPreset } from './providerDraft'

describe('the provider form', () => {
  it('fills name and base URL from a preset', () => {
    expect(draftFor('ollama')).toEqual({
      name: 'Ollama',
      preset: 'ollama',
      baseUrl: 'http://127.0.0.1:11434/v1',
      defaultModel: '',
    })
  })

  it('replaces what the previous preset filled in, and keeps what the user typed', () => {
    const switched = switchPreset({ ...draftFor('ollama'), defaultModel: 'llama3' }, 'lmstudio')
    expect(switched).toEqual({
      name: 'LM Studio',
      preset: 'lmstudio',
      baseUrl: 'http://127.0.0.1:1234/v1',
      defaultModel: 'llama3',
    })
    const typed = switchPreset(
      { ...draftFor('ollama'), name: 'Desk box', baseUrl: 'http://10.0.0.5:11434/v1' },
      'llamacpp',
    )
    expect(typed).toMatchObject({ name: 'Desk box', preset: 'llamacpp', baseUrl: 'http://10.0.0.5:11434/v1' })
  })

  it('asks for a name and an http(s) base URL before sending', () => {
    expect(draftProblem(draftFor('openai'))).toBeUndefined()
    expect(draftProblem({ ...draftFor('openai'), name: '  ' })).toMatch(/name/)
    expect(draftProblem(draftFor('custom'))).toMatch(/base URL/)
    expect(draftProblem({ ...draftFor('custom'), baseUrl: 'file:///etc/passwd' })).toMatch(/http or https/)
  })
})
