// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { chatRoutes, type ProviderView } from '../../../../shared/chat'
import { fakeCore, refusal } from '../../testing/fakeCore'
import {
  createProvider,
  loadProviders,
  removeProvider,
  resetProvidersStore,
  testedModels,
  testProvider,
  updateProvider,
  useProvidersStore,
} from './providersStore'

const ollama: ProviderView = {
  id: 'p1',
  name: 'Ollama',
  preset: 'ollama',
  baseUrl: 'http://127.0.0.1:11434/v1',
  defaultModel: 'llama3',
}

afterEach(() => {
  vi.unstubAllGlobals()
  resetProvidersStore()
})

describe('the providers store', () => {
  it('loads the providers, the endpoints found and how keys are kept, together', async () => {
    const storage = { protection: 'file', description: 'in a file only you can read' }
    fakeCore((request) => {
      if (request.path === chatRoutes.providers) return Response.json([ollama])
      if (request.path === chatRoutes.discovered) return Response.json([])
      return Response.json(storage)
    })
    await loadProviders()
    expect(useProvidersStore.getState()).toMatchObject({
      providers: [ollama],
      discovered: [],
      keyStorage: storage,
      loadError: undefined,
    })
  })

  it('says why the providers could not be loaded', async () => {
    fakeCore(() => refusal(503, 'unavailable', 'The core is stopping.'))
    await loadProviders()
    expect(useProvidersStore.getState().loadError).toBe('The providers could not be loaded: The core is stopping.')
  })

  it('adds a created provider, replaces an updated one in place and forgets its last test', async () => {
    fakeCore((request) => {
      if (request.path.startsWith(chatRoutes.providerTest)) return Response.json({ ok: true, models: ['llama3'] })
      return Response.json({ ...ollama, defaultModel: (request.body as ProviderView).defaultModel })
    })
    const draft = { name: 'Ollama', preset: 'ollama' as const, baseUrl: ollama.baseUrl, defaultModel: 'llama3' }
    await createProvider(draft)
    expect(await testProvider('p1')).toEqual({ ok: true, models: ['llama3'] })
    expect(testedModels(useProvidersStore.getState().tests, 'p1')).toEqual(['llama3'])
    await updateProvider('p1', { ...draft, defaultModel: 'qwen' }, false)
    const { providers, tests } = useProvidersStore.getState()
    expect(providers.map((provider) => provider.defaultModel)).toEqual(['qwen'])
    expect(tests).toEqual({})
    expect(testedModels(tests, 'p1')).toEqual([])
  })

  it('keeps a failed connection test as the failure, and removes a provider', async () => {
    useProvidersStore.setState({ providers: [ollama] })
    fakeCore((request) =>
      request.method === 'DELETE'
        ? Response.json({ removed: 'p1' })
        : refusal(404, 'not_found', 'There is no provider p1.'),
    )
    const testing = testProvider('p1')
    expect(useProvidersStore.getState().tests.p1).toEqual({ state: 'testing' })
    await testing
    expect(useProvidersStore.getState().tests.p1).toEqual({
      state: 'tested',
      ok: false,
      failure: { code: 'http-error', message: 'There is no provider p1.' },
    })
    await removeProvider('p1')
    expect(useProvidersStore.getState()).toMatchObject({ providers: [], tests: {} })
  })
})
