// How one feature asks another for something without importing it: show a view, export this, ask the AI
// about this. A feature calls the intent here; the feature that carries it out is bound to it once, by the
// renderer's composition root (intentHandlers.ts, bound in main.tsx before the first render). So a feature
// that offers "Export CSV" or "Ask AI" knows this small module, never the Exports or Chat internals, and no
// two features import each other (lint: eslint.config.js, the feature faces block).
// Lifecycle: bound for the life of the page; a unit test binds its own handlers and unbinds them after.
import type { ExportRequest } from '../../../shared/export'
import type { ViewId } from '../../../shared/protocol'

export type { ViewId }

/** Something a view hands to the chat for the next message. */
export interface ChatContext {
  kind: 'metrics' | 'logs'
  /** Says what it is, for people (the chat shows it as the attachment's title). */
  title: string
  /** Exactly the text the model will be sent (the user can still read and edit it in the chat). */
  text: string
  /** The log sources the lines came from (sent along, so the core can check them too). */
  sources?: string[]
  /** Names of those sources that are sensitive: sending to an endpoint off this machine asks first. */
  sensitiveSourceNames?: string[]
}

type WithoutCsv<Request> = Request extends unknown ? Omit<Request, 'csv'> : never

/** What to export; the Exports feature writes it with the CSV options the user chose last. */
export type ExportIntent = WithoutCsv<ExportRequest>

export interface IntentHandlers {
  showView(view: ViewId): void
  /** Starts the export; its progress and outcome show in the exports tray. */
  exportThis(intent: ExportIntent): Promise<void>
  /** Attaches the context to the next chat message and shows the chat. */
  askAiAbout(context: ChatContext): void
  /** Shows the Metrics view with the time cursor at this moment (epoch ms) and its panel. */
  showMoment(atMs: number): void
}

let bound: IntentHandlers | undefined

/** Binds the features that carry out the intents; returns the unbind. */
export function bindIntents(handlers: IntentHandlers): () => void {
  bound = handlers
  return () => {
    if (bound === handlers) bound = undefined
  }
}

function handlers(): IntentHandlers {
  if (!bound) throw new Error('No feature carries out intents: bindIntents() must run before the first render.')
  return bound
}

export function showView(view: ViewId): void {
  handlers().showView(view)
}

export function exportThis(intent: ExportIntent): Promise<void> {
  return handlers().exportThis(intent)
}

export function askAiAbout(context: ChatContext): void {
  handlers().askAiAbout(context)
}

export function showMoment(atMs: number): void {
  handlers().showMoment(atMs)
}
