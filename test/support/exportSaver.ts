// A process that saves a large log export to a file, as the desktop's save dialog does, and is killed
// by the test in the middle of it: the test then starts a core on the same data folder and checks the
// folder the file was going to.
import { logRoutes, type LogSourceInfo } from '../../src/shared/logs'
import { exportRoutes, type ExportJob } from '../../src/shared/export'
import { bearer, send } from './http'
import { startTestCore } from './testCore'

const [dataDir, logPath, target] = process.argv.slice(2) as [string, string, string]
const { core } = await startTestCore({ dataDir })
const headers = { ...bearer(core.token), 'Content-Type': 'application/json' }
const source = (
  await send(core.port, logRoutes.sources, { method: 'POST', headers, body: JSON.stringify({ path: logPath }) })
).json<LogSourceInfo>()
const job = (
  await send(core.port, exportRoutes.exports, {
    method: 'POST',
    headers,
    body: JSON.stringify({ kind: 'logs', sources: [{ id: source.id, range: { kind: 'all' } }] }),
  })
).json<ExportJob>()
process.stdout.write('saving\n')
await core.exports.saveToFile(job.id, target)
process.stdout.write('saved\n')
