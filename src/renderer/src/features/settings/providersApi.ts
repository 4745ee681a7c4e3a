// The provider routes of the core, typed: the providers, their keys (written, never read back), the
// connection test, the local endpoints found at start and how keys are stored.
import {
  chatRoutes,
  type ChatFailure,
  type ModelList,
  type ProviderConfig,
  type ProviderPreset,
  type ProviderView,
} from '../../../../shared/chat'
import { api } from '../../lib/api'

const withId = (path: string, id: string) => `${path}?id=${encodeURIComponent(id)}`

/** A provider as the form sends it: its configuration without the id the core gives it. */
export type ProviderDraft = Omit<ProviderConfig, 'id'>

export interface DiscoveredEndpoint {
  preset: ProviderPreset
  name: string
  baseUrl: string
  models: string[]
}

export type ConnectionResult = { ok: true; models: string[] } | { ok: false; failure: ChatFailure }

export const providersApi = {
  list: () => api.get<ProviderView[]>(chatRoutes.providers),
  create: (draft: ProviderDraft) => api.post<ProviderView>(chatRoutes.providers, draft),
  update: (id: string, draft: ProviderDraft, confirmKeyMove: boolean) =>
    api.put<ProviderView>(withId(chatRoutes.providers, id), { ...draft, confirmKeyMove }),
  remove: (id: string) => api.del<{ removed: string }>(withId(chatRoutes.providers, id)),
  setKey: (id: string, key: string, acceptWeakStorage: boolean) =>
    api.put<ProviderView>(withId(chatRoutes.providerKey, id), { key, acceptWeakStorage }),
  removeKey: (id: string) => api.del<ProviderView>(withId(chatRoutes.providerKey, id)),
  test: (id: string) => api.post<ConnectionResult>(withId(chatRoutes.providerTest, id)),
  models: (id: string, refresh: boolean) =>
    api.get<ModelList>(`${withId(chatRoutes.models, id)}${refresh ? '&refresh=1' : ''}`),
  discovered: () => api.get<DiscoveredEndpoint[]>(chatRoutes.discovered),
  storage: () => api.get<{ protection: string; description: string }>(chatRoutes.storage),
}
