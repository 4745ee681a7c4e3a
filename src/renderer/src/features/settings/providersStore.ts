// AI providers as the core keeps them (keys only ever masked), the local endpoints found at start, how keys
// are stored, and the latest "Test connection" result of each provider. The Chat view reads the providers
// and the tested model lists from here.
// Lifecycle: loaded when the Settings or Chat view mounts; lives for the page.
import { create } from 'zustand'
import type { ModelList, ProviderView } from '../../../../shared/chat'
import { errorText } from '../../lib/api'
import { providersApi, type ConnectionResult, type DiscoveredEndpoint, type ProviderDraft } from './providersApi'

export type ConnectionTest = { state: 'testing' } | ({ state: 'tested' } & ConnectionResult)

interface ProvidersState {
  providers: ProviderView[]
  discovered: DiscoveredEndpoint[]
  /** How the core keeps keys, for people, e.g. "in a file … that only you can read (not encrypted)". */
  keyStorage: { protection: string; description: string } | undefined
  tests: Record<string, ConnectionTest>
  /** The models each provider's endpoint lists, as the core keeps them (asked once, refreshed on request). */
  models: Record<string, ModelList | { state: 'listing' }>
  loadError: string | undefined
}

const initialState = (): ProvidersState => ({
  providers: [],
  discovered: [],
  keyStorage: undefined,
  tests: {},
  models: {},
  loadError: undefined,
})

export const useProvidersStore = create<ProvidersState>(initialState)

export function resetProvidersStore(): void {
  useProvidersStore.setState(initialState(), true)
}

export async function loadProviders(): Promise<void> {
  try {
    const [providers, discovered, keyStorage] = await Promise.all([
      providersApi.list(),
      providersApi.discovered(),
      providersApi.storage(),
    ])
    useProvidersStore.setState({ providers, discovered, keyStorage, loadError: undefined })
  } catch (error) {
    useProvidersStore.setState({ loadError: `The providers could not be loaded: ${errorText(error)}` })
  }
}

function replaceProvider(view: ProviderView): ProviderView {
  useProvidersStore.setState((state) => ({
    providers: state.providers.some((provider) => provider.id === view.id)
      ? state.providers.map((provider) => (provider.id === view.id ? view : provider))
      : [...state.providers, view],
  }))
  return view
}

export async function createProvider(draft: ProviderDraft): Promise<ProviderView> {
  return replaceProvider(await providersApi.create(draft))
}

/** Throws the core's 409 when the provider's key was given for another URL and `confirmKeyMove` is false. */
export async function updateProvider(id: string, draft: ProviderDraft, confirmKeyMove: boolean): Promise<ProviderView> {
  const view = replaceProvider(await providersApi.update(id, draft, confirmKeyMove))
  forgetTest(id)
  return view
}

export async function removeProvider(id: string): Promise<void> {
  await providersApi.remove(id)
  useProvidersStore.setState((state) => ({ providers: state.providers.filter((provider) => provider.id !== id) }))
  forgetTest(id)
}

/** Throws the core's 409 when keys are not encrypted and `acceptWeakStorage` is false. */
export async function setProviderKey(id: string, key: string, acceptWeakStorage: boolean): Promise<ProviderView> {
  const view = replaceProvider(await providersApi.setKey(id, key, acceptWeakStorage))
  forgetTest(id)
  return view
}

export async function removeProviderKey(id: string): Promise<ProviderView> {
  const view = replaceProvider(await providersApi.removeKey(id))
  forgetTest(id)
  return view
}

function forgetTest(id: string): void {
  useProvidersStore.setState((state) => {
    const { [id]: _forgotten, ...tests } = state.tests
    const { [id]: _forgottenModels, ...models } = state.models
    return { tests, models }
  })
}

/** Loads the provider's model list into the store (the core's cached one unless `refresh`). */
export async function loadModels(id: string, refresh = false): Promise<void> {
  const current = useProvidersStore.getState().models[id]
  if (current && !refresh) return
  useProvidersStore.setState((state) => ({ models: { ...state.models, [id]: { state: 'listing' } } }))
  let list: ModelList
  try {
    list = await providersApi.models(id, refresh)
  } catch (error) {
    list = { ok: false, failure: { code: 'http-error', message: errorText(error) } }
  }
  useProvidersStore.setState((state) => ({ models: { ...state.models, [id]: list } }))
}

/** Asks the provider for its models; the result (models or the exact failure) is kept per provider. */
export async function testProvider(id: string): Promise<ConnectionResult> {
  useProvidersStore.setState((state) => ({ tests: { ...state.tests, [id]: { state: 'testing' } } }))
  let result: ConnectionResult
  try {
    result = await providersApi.test(id)
  } catch (error) {
    result = { ok: false, failure: { code: 'http-error', message: errorText(error) } }
  }
  useProvidersStore.setState((state) => ({ tests: { ...state.tests, [id]: { state: 'tested', ...result } } }))
  return result
}

/** The models the last test of this provider listed; empty until it was tested. */
export function testedModels(tests: Record<string, ConnectionTest>, id: string | undefined): string[] {
  const test = id === undefined ? undefined : tests[id]
  return test?.state === 'tested' && test.ok ? test.models : []
}
