// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fleetRoutes, type HostSeriesAnswer, type PrometheusServerView } from '../../../../shared/fleet'
import { fakeCore } from '../../testing/fakeCore'
import { loadServers, removeServer, resetHostsStore, selectHost, useHostsStore } from './hostsStore'

const lab: PrometheusServerView = { id: 's00000001', name: 'lab', url: 'http://p:9090', auth: { kind: 'bearer' } }

const hostAnswer: HostSeriesAnswer = {
  instance: 'h:9100',
  window: '1h',
  stepSeconds: 15,
  t: [0, 15_000],
  series: [{ key: 'cpu', chart: 'cpu', label: 'CPU', values: [1, 2] }],
  missing: ['memory', 'network', 'disk', 'fs'],
}

afterEach(() => {
  vi.unstubAllGlobals()
  resetHostsStore()
})

describe('the hosts store', () => {
  it('loads the servers and what each scrapes, or the problem that kept it from being read', async () => {
    const gone: PrometheusServerView = { ...lab, id: 's00000002', name: 'gone' }
    fakeCore((request) => {
      if (request.path === fleetRoutes.servers) return Response.json([lab, gone])
      if (request.path.endsWith(lab.id))
        return Response.json({
          targets: [{ job: 'node', instance: 'h:9100', health: 'up', lastError: '', kind: 'node' }],
        })
      return Response.json(
        { code: 'upstream_failed', message: 'Vigil cannot reach http://g:9090', details: { problem: 'unreachable' } },
        { status: 502 },
      )
    })
    await loadServers()
    const { targets } = useHostsStore.getState()
    expect(targets[lab.id]!.targets!.map((target) => target.instance)).toEqual(['h:9100'])
    expect(targets[gone.id]!.problem).toEqual({
      problem: 'unreachable',
      title: 'Server unreachable',
      message: 'Vigil cannot reach http://g:9090',
    })
  })

  it('charts the chosen host, and drops an answer for a host no longer on screen', async () => {
    let release: (response: Response) => void = () => undefined
    const sent = fakeCore((request) =>
      request.path.includes('instance=slow')
        ? new Promise<Response>((resolve) => (release = resolve))
        : Response.json(hostAnswer),
    )
    useHostsStore.setState({ servers: [lab] })
    selectHost(lab.id, 'slow')
    selectHost(lab.id, 'h:9100')
    await vi.waitFor(() => expect(useHostsStore.getState().answer).toEqual(hostAnswer))
    release(Response.json({ ...hostAnswer, instance: 'slow' }))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(useHostsStore.getState().answer!.instance).toBe('h:9100')
    expect(useHostsStore.getState().charts.map((chart) => chart.id)).toEqual(['host-cpu'])
    expect(sent.map((request) => request.path)).toContain(
      `${fleetRoutes.host}?server=${lab.id}&instance=h%3A9100&window=1h`,
    )
  })

  it('forgets a removed server, and its host on screen', async () => {
    fakeCore(() => Response.json({ removed: true }))
    useHostsStore.setState({ servers: [lab], selected: { serverId: lab.id, instance: 'h:9100' }, answer: hostAnswer })
    await removeServer(lab.id)
    expect(useHostsStore.getState()).toMatchObject({ servers: [], selected: undefined, answer: undefined })
  })
})
