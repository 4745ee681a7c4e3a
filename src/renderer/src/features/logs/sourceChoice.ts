// Which sources the viewer follows: every listed source until the user picks, then the user's pick (one
// at a time, or several merged). Sources that disappear from the list leave the pick; a file the user
// just added joins it. Ids keep the list's order, so the same pick always asks for the same stream.
import { addressParam, writeAddressParam } from '../../lib/address'
import { setQuery, useLogsStore } from './logsStore'
import { useSourcesStore } from './sourcesStore'

/** The ids to follow, in list order: all of them until the user has chosen, else the chosen ones still listed. */
export function followedIds(listedIds: readonly string[], chosenIds: readonly string[], hasChosen: boolean): string[] {
  return hasChosen ? listedIds.filter((id) => chosenIds.includes(id)) : [...listedIds]
}

function sameIds(first: readonly string[], second: readonly string[]): boolean {
  return first.length === second.length && first.every((id, index) => id === second[index])
}

function listedIds(): string[] {
  return useSourcesStore.getState().sources.map((source) => source.id)
}

function choose(chosenIds: readonly string[]): void {
  useLogsStore.setState({ hasChosenSources: true })
  const ids = followedIds(listedIds(), chosenIds, true)
  writeAddressParam('sources', ids.join(','))
  if (!sameIds(ids, useLogsStore.getState().query.sourceIds)) setQuery({ sourceIds: ids })
}

export function toggleSource(id: string): void {
  const chosen = useLogsStore.getState().query.sourceIds
  choose(chosen.includes(id) ? chosen.filter((other) => other !== id) : [...chosen, id])
}

export function showOnlySource(id: string): void {
  choose([id])
}

export function showAllSources(): void {
  choose(listedIds())
}

/** Adds a source to what is followed (a file the user just added). */
export function showSource(id: string): void {
  const chosen = useLogsStore.getState().query.sourceIds
  if (!chosen.includes(id)) choose([...chosen, id])
}

/**
 * Keeps the followed ids in step with the listed sources until the returned function is called; a pick the
 * address names (#view=logs&sources=a,b) is taken once the sources are listed.
 */
export function followSourceList(): () => void {
  let named = useLogsStore.getState().hasChosenSources ? undefined : addressParam('sources')
  const update = () => {
    const { query, hasChosenSources } = useLogsStore.getState()
    if (useSourcesStore.getState().sources.length === 0) return
    if (named !== undefined) {
      // Ids no longer listed are left out; a pick with none left is no pick (every source is followed).
      const ids = named.split(',').filter((id) => listedIds().includes(id))
      named = undefined
      if (ids.length > 0) return choose(ids)
    }
    const ids = followedIds(listedIds(), query.sourceIds, hasChosenSources)
    if (!sameIds(ids, query.sourceIds)) setQuery({ sourceIds: ids })
  }
  update()
  return useSourcesStore.subscribe((state, previous) => {
    if (state.sources !== previous.sources) update()
  })
}
