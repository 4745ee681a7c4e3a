// The certificate authorities an https Prometheus server may be signed by: Node's bundled ones (the
// Mozilla list, tls.rootCertificates) plus the system's store, where a home lab's or company's own CA
// is installed. Node 20 reads only its bundle (system certificates need --use-system-ca, from Node 22.15),
// so the system store comes from tls.getCACertificates('system') where this Node has it (Electron's does),
// and otherwise from the distribution's PEM bundle file. Read once per process, on the first https request.
import { readFile } from 'node:fs/promises'
import tls from 'node:tls'

/** Where Linux distributions keep the system store as one PEM file (Debian, Fedora, openSUSE, Alpine). */
const systemBundles = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
]

type CaReader = (kind: 'system') => string[]

async function systemCertificates(): Promise<string[]> {
  const read = (tls as unknown as { getCACertificates?: CaReader }).getCACertificates
  if (read) return read('system')
  for (const path of systemBundles) {
    const text = await readFile(path, 'utf8').catch(() => undefined)
    if (text !== undefined) return [text]
  }
  return []
}

let trusted: Promise<string[]> | undefined

/** Node's bundled authorities and the system's, for an https request's `ca` option. */
export function trustedCertificates(): Promise<string[]> {
  trusted ??= systemCertificates().then((system) => [...tls.rootCertificates, ...system])
  return trusted
}
