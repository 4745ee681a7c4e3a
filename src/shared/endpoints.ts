// Where an AI endpoint runs: on this machine (a loopback address) or elsewhere. Lines from a sensitive log
// source go elsewhere only after the user confirms (DESIGN.md section 4); the renderer asks, the core checks.

/** Whether the base URL names this machine: localhost (and *.localhost), 127.0.0.0/8 or ::1. */
export function isOnThisMachine(baseUrl: string): boolean {
  let host: string
  try {
    host = new URL(baseUrl).hostname.toLowerCase()
  } catch {
    return false
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}
