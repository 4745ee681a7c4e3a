// A view's main choice kept in the page's address beside the view (#view=chat&conversation=…,
// #view=logs&sources=a,b), so a reload or a copied address shows the same. Written in place (replaceState):
// Back still goes to the view before. The Metrics view keeps its time the same way (features/metrics/viewAddress.ts).

/** The value `name` has in the address fragment, if any. */
export function addressParam(name: string): string | undefined {
  return new URLSearchParams(location.hash.replace(/^#/, '')).get(name) ?? undefined
}

/** Sets (or, with undefined, removes) `name` in the address fragment, leaving the rest as it is. */
export function writeAddressParam(name: string, value: string | undefined): void {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''))
  if (value === undefined) params.delete(name)
  else params.set(name, value)
  const hash = `#${params.toString()}`
  if (hash !== location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`)
}
