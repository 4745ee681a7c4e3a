// The provider form's pure rules: what a preset fills in, and when a draft is ready to send.
import { providerPresets, type ProviderPreset, type ProviderView } from '../../../../shared/chat'
import type { ProviderDraft } from './providersApi'

export const presetOrder: ProviderPreset[] = ['openai', 'ollama', 'lmstudio', 'llamacpp', 'custom']

export function draftFor(preset: ProviderPreset): ProviderDraft {
  return { name: providerPresets[preset].name, preset, baseUrl: providerPresets[preset].baseUrl, defaultModel: '' }
}

export function draftOf(provider: ProviderView): ProviderDraft {
  const { id: _id, key: _key, isKeyOnHold: _isKeyOnHold, ...draft } = provider
  return draft
}

/** A new preset replaces the name and URL only where the user kept the old preset's values. */
export function switchPreset(draft: ProviderDraft, preset: ProviderPreset): ProviderDraft {
  const previous = providerPresets[draft.preset]
  const next = providerPresets[preset]
  return {
    ...draft,
    preset,
    name: draft.name.trim() === '' || draft.name === previous.name ? next.name : draft.name,
    baseUrl: draft.baseUrl.trim() === '' || draft.baseUrl === previous.baseUrl ? next.baseUrl : draft.baseUrl,
  }
}

/** Why the draft cannot be sent yet, for people; undefined when it can. The core checks again. */
export function draftProblem(draft: ProviderDraft): string | undefined {
  if (draft.name.trim() === '') return 'Give the provider a name.'
  if (!URL.canParse(draft.baseUrl) || !['http:', 'https:'].includes(new URL(draft.baseUrl).protocol))
    return 'The base URL must be an http or https URL, e.g. http://127.0.0.1:11434/v1.'
  for (const seconds of [draft.firstTokenTimeoutSeconds, draft.stallTimeoutSeconds])
    if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= 5 && seconds <= 3600))
      return 'A wait must be a whole number of seconds from 5 to 3600.'
  if (draft.contextTokens !== undefined && !(Number.isInteger(draft.contextTokens) && draft.contextTokens >= 256))
    return 'The context length must be a whole number of tokens, at least 256.'
  if (draft.maxTokens !== undefined && !(Number.isInteger(draft.maxTokens) && draft.maxTokens >= 1))
    return 'Max answer tokens must be a whole number, at least 1.'
  return undefined
}
