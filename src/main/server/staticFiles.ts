// Serves the built renderer. Only files under the root, only GET and HEAD; no directory listings.
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { commonHeaders } from './headers'
import { VigilError } from '../../shared/errors'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
}

export interface StaticFiles {
  serve(pathname: string, response: ServerResponse, isHead: boolean): Promise<void>
}

export async function createStaticFiles(rootDir: string): Promise<StaticFiles> {
  const root = await realpath(rootDir)

  async function resolveFile(pathname: string): Promise<string> {
    let decoded: string
    try {
      decoded = decodeURIComponent(pathname)
    } catch {
      throw new VigilError('bad_request', 'The path is not valid percent-encoding.')
    }
    if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((segment) => segment === '..')) {
      throw new VigilError('bad_request', 'The path may not leave the UI folder.')
    }
    const relative = decoded === '/' ? 'index.html' : decoded.slice(1)
    const candidate = join(root, relative)
    const real = await realpath(candidate).catch(() => undefined)
    // realpath also catches a link inside the root that points out of it.
    if (real === undefined || !real.startsWith(root + sep)) throw notFound()
    const info = await stat(real)
    if (!info.isFile()) throw notFound()
    return real
  }

  return {
    async serve(pathname, response, isHead) {
      const file = await resolveFile(pathname)
      const extension = extname(file)
      const isHashedAsset = pathname.startsWith('/assets/')
      response.writeHead(200, {
        ...commonHeaders,
        'Content-Type': contentTypes[extension] ?? 'application/octet-stream',
        'Cache-Control': isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
      })
      if (isHead) {
        response.end()
        return
      }
      await pipeline(createReadStream(file), response)
    },
  }
}

function notFound(): VigilError {
  return new VigilError('not_found', 'No such file in the Vigil UI.')
}
