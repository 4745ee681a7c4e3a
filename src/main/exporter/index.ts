// The exporter capability: Vigil speaks Prometheus. /metrics answers in the text format (OpenMetrics when
// asked) with the machine's series under node_exporter's names and Vigil's own as vigil_*; it is off by
// default, answers only the scrape token, and may also be served to other machines on a listener of its own.
import type { ExporterStatus } from '../../shared/exporter'
import type { Alerts } from '../alerts'
import type { Capability } from '../capability'
import type { Chat } from '../chat'
import type { Logger } from '../logger'
import type { Logs } from '../logs'
import type { SecretStore } from '../settings'
import { createExporterAccess } from './exporterAccess'
import { createExporterRoutes, createScrape } from './exporterRoutes'
import { createNodeCollector } from './nodeCollector'
import { startRemoteListener } from './remoteRoutes'
import { createVigilCollector } from './vigilCollector'

export interface ExporterDeps {
  dataDir: string
  secrets: SecretStore
  logger: Logger
  version: string
  logs: Pick<Logs, 'followAll'>
  alerts: Pick<Alerts, 'state'>
  chat: Pick<Chat, 'onAnswer'>
}

/** What the rest of the app may ask: whether /metrics is on and where (a tray or status line). */
export interface Exporter {
  status(): ExporterStatus
}

export async function createExporter(deps: ExporterDeps): Promise<Capability<Exporter>> {
  const node = createNodeCollector()
  const vigil = createVigilCollector({
    version: deps.version,
    followLogLines: deps.logs.followAll,
    alertState: deps.alerts.state,
    followAnswers: deps.chat.onAnswer,
  })
  const collect = async () => [...(await node.collect()), ...vigil.collect()]
  try {
    // The remote listener serves the same scrape; it is bound (start) once that scrape exists.
    const access = await createExporterAccess({
      dataDir: deps.dataDir,
      secrets: deps.secrets,
      logger: deps.logger,
      listen: (address) => startRemoteListener(address, scrape, deps.logger),
    })
    const scrape = createScrape(access, collect)
    await access.start()
    return {
      api: { status: access.status },
      routes: createExporterRoutes(access, scrape),
      async dispose() {
        vigil.dispose()
        await access.dispose()
      },
    }
  } catch (error) {
    vigil.dispose()
    throw error
  }
}
