// Where the page's token (authorization.ts) comes from when the page starts:
// - the desktop app: the preload hands it over (window.vigilDesktop.launchToken()), once per page load;
// - browser mode: the address Vigil prints carries it in the fragment (#token=…), which browsers never
//   send to a server. The page takes it once, removes it from the address bar, and keeps it in
//   sessionStorage: this tab only, gone with the tab, and a reload finds it there and works. A tab
//   opened on the bare address has no token; the UI then says to open the address Vigil printed.
import { holdLaunchToken } from './authorization'

const storageKey = 'vigil.launchToken'

/** Finds this launch's token (preload, address fragment, or this tab's storage) and holds it. */
export async function adoptLaunchToken(): Promise<void> {
  const desktop = window.vigilDesktop
  if (desktop) {
    holdLaunchToken(await desktop.launchToken())
    return
  }
  const fromAddress = takeTokenFromAddress()
  if (fromAddress !== undefined) sessionStorage.setItem(storageKey, fromAddress)
  holdLaunchToken(fromAddress ?? sessionStorage.getItem(storageKey) ?? undefined)
  // The address of a new launch pasted into this tab changes only the fragment, which reloads nothing:
  // take its token and start the page again with it.
  window.addEventListener('hashchange', () => {
    const token = takeTokenFromAddress()
    if (token === undefined) return
    sessionStorage.setItem(storageKey, token)
    location.reload()
  })
}

/** Takes the token out of the address, leaving the rest of the fragment (the view) as it was. */
function takeTokenFromAddress(): string | undefined {
  const params = new URLSearchParams(location.hash.slice(1))
  const token = params.get('token')
  if (token === null) return undefined
  params.delete('token')
  const rest = params.toString()
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''))
  return token
}
