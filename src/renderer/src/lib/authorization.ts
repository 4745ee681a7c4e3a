// The page's copy of this launch's token, held in memory and sent as `Authorization: Bearer` on every
// request (api.ts) and stream (streamClient.ts). No cookie carries it: cookies ignore ports, so every
// other server on 127.0.0.1 would receive one. launchToken.ts finds it when the page starts.
let launchToken: string | undefined

export function authorizationHeaders(): Record<string, string> {
  return launchToken === undefined ? {} : { Authorization: `Bearer ${launchToken}` }
}

/** Sets the token the page sends, for the page's life. */
export function holdLaunchToken(token: string | undefined): void {
  launchToken = token
}
