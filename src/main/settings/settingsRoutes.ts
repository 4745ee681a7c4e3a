// The settings routes: read them, and change them (what a PUT leaves out is kept).
import { routes } from '../../shared/protocol'
import { settingsChangeSchema } from '../../shared/schemas'
import { readJsonBody } from '../server/body'
import type { Route } from '../server/httpServer'
import type { SettingsStore } from './settingsStore'

export function createSettingsRoutes(store: SettingsStore): Route[] {
  return [
    { method: 'GET', path: routes.settings, handle: () => store.get() },
    {
      method: 'PUT',
      path: routes.settings,
      // A setting the body leaves out keeps its value: the theme switch sends only the theme.
      async handle({ request }) {
        const change = await readJsonBody(request, settingsChangeSchema)
        return store.update({ ...store.get(), ...change })
      },
    },
  ]
}
