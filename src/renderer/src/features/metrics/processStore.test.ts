// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { maxProcessLimit, routes, type ProcessList, type ProcessSort } from '../../../../shared/protocol'
import { fakeCore, refusal } from '../../testing/fakeCore'
import {
  chooseServerSort,
  followProcesses,
  resetProcessStore,
  setProcessFilter,
  showAsTree,
  sortByColumn,
  useProcessStore,
} from './processStore'

/** The list the core answers to the `index`-th request (its `total` tells which answer it is). */
const listBy = (sort: ProcessSort, index: number): ProcessList => ({
  t: 1_800_000_000_000,
  total: index,
  matched: index,
  sort,
  processes: [{ pid: 1, ppid: 0, name: 'init', user: 'root', cpuPct: 0.5, memBytes: 4096, state: 'sleeping' }],
})

/** Answers each process request when the test releases it, in the order the test chooses. */
function holdAnswers(): { paths: string[]; release(index: number): void } {
  const releases: (() => void)[] = []
  const sent = fakeCore(async (request) => {
    const index = releases.length
    await new Promise<void>((resolve) => releases.push(resolve))
    return Response.json(listBy(new URLSearchParams(request.path.split('?')[1]).get('sort') as ProcessSort, index))
  })
  return {
    get paths() {
      return sent.map((request) => request.path)
    },
    release: (index) => releases[index]?.(),
  }
}

/** The `total` of every list the store published, in order: which answers it took. */
function publishedAnswers(): number[] {
  const published: number[] = []
  useProcessStore.subscribe((state, previous) => {
    if (state.list && state.list !== previous.list) published.push(state.list.total)
  })
  return published
}

afterEach(() => {
  vi.unstubAllGlobals()
  resetProcessStore()
})

describe('the process store', () => {
  it('asks the core for the top by the chosen sort, and never takes an answer to an older request', async () => {
    const published = publishedAnswers()
    const answers = holdAnswers()
    const stop = followProcesses()
    chooseServerSort('memory')
    await vi.waitFor(() => expect(answers.paths).toHaveLength(2))
    expect(answers.paths).toEqual([`${routes.processes}?sort=cpu&limit=50`, `${routes.processes}?sort=memory&limit=50`])
    expect(useProcessStore.getState().order).toEqual({ column: 'memBytes', direction: 'descending' })
    // The older answer comes first, as a slow answer would; only the newer one is shown.
    answers.release(0)
    answers.release(1)
    await vi.waitFor(() => expect(useProcessStore.getState().list?.sort).toBe('memory'))
    expect(published).toEqual([1])
    stop()
  })

  it('drops an answer to a request made before the list left the screen', async () => {
    const published = publishedAnswers()
    const answers = holdAnswers()
    followProcesses()()
    const stop = followProcesses()
    await vi.waitFor(() => expect(answers.paths).toHaveLength(2))
    answers.release(0)
    answers.release(1)
    await vi.waitFor(() => expect(useProcessStore.getState().list).toBeDefined())
    expect(published).toEqual([1])
    stop()
  })

  it('says why the list could not be loaded', async () => {
    fakeCore(() => refusal(503, 'unavailable', 'The core is stopping.'))
    const stop = followProcesses()
    await vi.waitFor(() =>
      expect(useProcessStore.getState().error).toBe('The process list could not be loaded: The core is stopping.'),
    )
    stop()
  })

  it('sorts by a column, turning the order round on a second click, and resets to CPU', () => {
    sortByColumn('name')
    expect(useProcessStore.getState().order).toEqual({ column: 'name', direction: 'ascending' })
    sortByColumn('name')
    expect(useProcessStore.getState().order).toEqual({ column: 'name', direction: 'descending' })
    chooseServerSort('memory')
    resetProcessStore()
    expect(useProcessStore.getState()).toEqual({
      list: undefined,
      serverSort: 'cpu',
      order: { column: 'cpuPct', direction: 'descending' },
      filter: '',
      isTree: false,
      error: undefined,
      selected: undefined,
      notice: undefined,
    })
  })

  it('asks for every match of the filter, and for every process in the tree view', async () => {
    const answers = holdAnswers()
    const stop = followProcesses()
    setProcessFilter(' node ')
    showAsTree(true)
    await vi.waitFor(() => expect(answers.paths).toHaveLength(3))
    expect(answers.paths).toEqual([
      `${routes.processes}?sort=cpu&limit=50`,
      `${routes.processes}?sort=cpu&limit=50&filter=node`,
      `${routes.processes}?sort=cpu&limit=${maxProcessLimit}&filter=node`,
    ])
    stop()
  })
})
