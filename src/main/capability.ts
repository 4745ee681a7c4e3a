// The face every capability of the core shows the composition root (core.ts): its routes, the small API
// its siblings may call, and its dispose(). Each capability folder exports exactly one factory of it
// from its index.ts, and siblings import only each other's index.ts (the lint configuration enforces it).
import type { Disposable } from './lifecycle'
import type { Route } from './server/httpServer'

export interface Capability<Api> extends Disposable {
  readonly routes: Route[]
  readonly api: Api
}
