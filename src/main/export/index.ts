// The export capability: metrics, log lines and conversations as files, streamed with backpressure, with
// jobs, progress, cancel and a history (exports.ts), and their routes. The desktop glue saves through
// `api.saveToFile`, so the save dialog's path never crosses HTTP.
import type { Capability } from '../capability'
import { createExportRoutes } from './exportRoutes'
import { createExportJobs, type Exports, type ExportsDeps } from './exports'

export type { Exports, ExportsDeps } from './exports'

export async function createExports(deps: ExportsDeps): Promise<Capability<Exports>> {
  const { exports, dispose } = await createExportJobs(deps)
  return { api: exports, routes: createExportRoutes(exports), dispose }
}
