// The face of Chat: what the rest of the app may use (lint: eslint.config.js, feature faces).
import { lazy } from 'react'

// Loaded when first opened: the chat's Markdown and syntax highlighting are 40 % of the renderer's code,
// and a window opens on the metrics. Nothing else may import ChatView, or its code joins the first load.
export const ChatView = lazy(() => import('./ChatView').then((module) => ({ default: module.ChatView })))
export { conversationsApi } from './chatApi'
export { attachToChat, useChatContextStore } from './chatContextStore'
