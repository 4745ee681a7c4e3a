import type { VigilDesktopApi } from '../../shared/desktopApi'

declare global {
  interface Window {
    /** Present in the desktop app only (the preload script); absent in browser mode. */
    vigilDesktop?: VigilDesktopApi
  }
}
