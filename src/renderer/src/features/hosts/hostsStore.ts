// The Hosts view's state: the Prometheus servers the core keeps, what each scrapes (or why that could not
// be read), the host on screen with its window, its latest answer and the charts built from it.
// Lifecycle: followHosts() loads everything when the view mounts and refreshes the targets and the host
// on screen every `refreshIntervalMs` until the view unmounts; the state lives for the page.
import { create } from 'zustand'
import type {
  FleetTarget,
  HostSeriesAnswer,
  HostWindowId,
  PrometheusServerView,
  ServerDraft,
} from '../../../../shared/fleet'
import { errorText } from '../../lib/api'
import type { ChartSource, ChartSpec } from '../metrics'
import { chartsSignature, hostChartData, hostChartSpecs } from './hostCharts'
import { describeHostProblem, type HostProblem } from './hostProblem'
import { hostsApi } from './hostsApi'

export const refreshIntervalMs = 15_000

export interface ServerTargets {
  targets?: FleetTarget[]
  problem?: HostProblem
}

export interface SelectedHost {
  serverId: string
  instance: string
}

interface HostsState {
  servers: PrometheusServerView[]
  loadError: string | undefined
  targets: Record<string, ServerTargets>
  selected: SelectedHost | undefined
  windowId: HostWindowId
  answer: HostSeriesAnswer | undefined
  answerProblem: HostProblem | undefined
  isLoadingHost: boolean
  charts: ChartSpec[]
}

const initialState = (): HostsState => ({
  servers: [],
  loadError: undefined,
  targets: {},
  selected: undefined,
  windowId: '1h',
  answer: undefined,
  answerProblem: undefined,
  isLoadingHost: false,
  charts: [],
})

export const useHostsStore = create<HostsState>(initialState)

export function resetHostsStore(): void {
  useHostsStore.setState(initialState(), true)
}

export async function refreshTargets(serverId: string): Promise<void> {
  let entry: ServerTargets
  try {
    entry = { targets: (await hostsApi.targets(serverId)).targets }
  } catch (error) {
    entry = { problem: describeHostProblem(error) }
  }
  useHostsStore.setState((state) =>
    state.servers.some((server) => server.id === serverId) ? { targets: { ...state.targets, [serverId]: entry } } : {},
  )
}

export async function loadServers(): Promise<void> {
  try {
    const servers = await hostsApi.servers()
    useHostsStore.setState({ servers, loadError: undefined })
    await Promise.all(servers.map((server) => refreshTargets(server.id)))
  } catch (error) {
    useHostsStore.setState({ loadError: `The Prometheus servers could not be loaded: ${errorText(error)}` })
  }
}

/** Adds a server and reads its targets; a refused draft rejects with the core's message. */
export async function addServer(draft: ServerDraft): Promise<void> {
  const server = await hostsApi.addServer(draft)
  useHostsStore.setState((state) => ({ servers: [...state.servers, server] }))
  await refreshTargets(server.id)
}

export async function removeServer(serverId: string): Promise<void> {
  await hostsApi.removeServer(serverId)
  useHostsStore.setState((state) => {
    const { [serverId]: _removed, ...targets } = state.targets
    const isShown = state.selected?.serverId === serverId
    return {
      servers: state.servers.filter((server) => server.id !== serverId),
      targets,
      ...(isShown ? { selected: undefined, answer: undefined, answerProblem: undefined, charts: [] } : {}),
    }
  })
}

function isCurrent(selected: SelectedHost, windowId: HostWindowId): boolean {
  const state = useHostsStore.getState()
  return state.selected === selected && state.windowId === windowId
}

/** Asks for the host on screen again; an answer for a host or window no longer on screen is dropped. */
export async function refreshHost(): Promise<void> {
  const { selected, windowId } = useHostsStore.getState()
  if (!selected) return
  useHostsStore.setState({ isLoadingHost: true })
  try {
    const answer = await hostsApi.host(selected.serverId, selected.instance, windowId)
    if (!isCurrent(selected, windowId)) return
    const { answer: previous, charts } = useHostsStore.getState()
    const isSameCharts = chartsSignature(previous) === chartsSignature(answer)
    useHostsStore.setState({
      answer,
      answerProblem: undefined,
      charts: isSameCharts ? charts : hostChartSpecs(answer),
      isLoadingHost: false,
    })
  } catch (error) {
    if (isCurrent(selected, windowId))
      useHostsStore.setState({ answerProblem: describeHostProblem(error), isLoadingHost: false })
  }
}

export function selectHost(serverId: string, instance: string): void {
  useHostsStore.setState({
    selected: { serverId, instance },
    answer: undefined,
    answerProblem: undefined,
    charts: [],
  })
  void refreshHost()
}

export function chooseHostWindow(windowId: HostWindowId): void {
  useHostsStore.setState({ windowId })
  void refreshHost()
}

/** Loads the servers and their targets, then refreshes them and the host on screen; returns the stop. */
export function followHosts(): () => void {
  void loadServers().then(refreshHost)
  const timer = setInterval(() => {
    for (const server of useHostsStore.getState().servers) void refreshTargets(server.id)
    void refreshHost()
  }, refreshIntervalMs)
  return () => clearInterval(timer)
}

/** TimeChart draws the host's answer through this: the whole answer's times, redrawn on each new answer. */
export const hostChartSource: ChartSource = {
  hasBands: false,
  range() {
    const t = useHostsStore.getState().answer?.t ?? []
    return t.length > 0 ? { fromMs: t[0]!, toMs: t.at(-1)! } : { fromMs: Date.now() - 3_600_000, toMs: Date.now() }
  },
  data: (spec) => hostChartData(useHostsStore.getState().answer, spec),
  restingTime: () => 'latest',
  onChange: (redraw) =>
    useHostsStore.subscribe((state, previous) => {
      if (state.answer !== previous.answer) redraw()
    }),
}
