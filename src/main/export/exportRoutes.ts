// The export routes. None takes an output path: a browser downloads the file route's answer (through a
// single-use link, src/shared/downloads.ts), and the desktop app's save dialog hands its path to the
// core in-process (exports.saveToFile).
import { exportRoutes } from '../../shared/export'
import { exportRequestSchema } from '../../shared/exportSchemas'
import { idQuerySchema } from '../../shared/schemas'
import { parseQuery, readJsonBody } from '../server/body'
import { apiHeaders } from '../server/headers'
import type { Route } from '../server/httpServer'
import type { Exports } from './exports'

export function createExportRoutes(exports: Exports): Route[] {
  return [
    { method: 'GET', path: exportRoutes.exports, handle: () => exports.state() },
    {
      method: 'POST',
      path: exportRoutes.exports,
      async handle({ request }) {
        return exports.create(await readJsonBody(request, exportRequestSchema))
      },
    },
    {
      method: 'GET',
      path: exportRoutes.file,
      isDownload: true,
      stream: 'download',
      async handle({ response, url }) {
        const { id } = parseQuery(url, idQuerySchema)
        const { job, contentType } = exports.ready(id)
        response.writeHead(200, {
          ...apiHeaders,
          'Content-Type': contentType,
          // Our file names are ASCII letters, digits, dashes and dots: no quoting beyond the quotes.
          'Content-Disposition': `attachment; filename="${job.fileName}"`,
        })
        // A browser that stops the download (or a closed tab) cancels the job; a failure mid-way destroys
        // the response, so the browser marks the download failed instead of keeping a cut file as whole.
        await exports.run(id, response, (abandon) =>
          response.once('close', () => {
            if (!response.writableFinished) abandon()
          }),
        )
        return undefined
      },
    },
    {
      method: 'POST',
      path: exportRoutes.cancel,
      handle({ url }) {
        const { id } = parseQuery(url, idQuerySchema)
        exports.cancel(id)
        return { cancelled: id }
      },
    },
    {
      method: 'POST',
      path: exportRoutes.again,
      handle({ url }) {
        return exports.again(parseQuery(url, idQuerySchema).id)
      },
    },
    {
      method: 'DELETE',
      path: exportRoutes.history,
      async handle({ url }) {
        const { id } = parseQuery(url, idQuerySchema)
        await exports.removeEntry(id)
        return { removed: id }
      },
    },
  ]
}
