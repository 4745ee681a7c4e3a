// The fetch the openai SDK uses for chat completions. Two things plain fetch gets wrong for us:
// - Redirects. Fetch follows them by default, so a provider URL that answers 307 to another port or host
//   would receive the conversation (and the key). Redirects within the endpoint's own origin are followed
//   (a few at most); one to another origin is refused with an error that names the target.
// - llama.cpp's server reports an error in a stream as a line `error: {"code":500,"message":...}`. That
//   is not an SSE field (WHATWG HTML, 9.2.6: "Otherwise: The field is ignored"), so the SDK's parser drops
//   it and the server's message is lost. Such a line is rewritten as `event: error` + `data: ...`, the
//   form the SDK turns into an APIError carrying the message.

/** Thrown (inside the SDK's APIConnectionError, as its cause) for a redirect to another origin. */
export class RedirectRefusedError extends Error {
  constructor(
    readonly from: string,
    readonly target: string,
  ) {
    super(`${from} redirected to ${target}, another origin: refused, so the conversation was not sent there.`)
    this.name = 'RedirectRefusedError'
  }
}

const maxSameOriginRedirects = 5
const redirectStatuses = new Set([301, 302, 303, 307, 308])

export async function upstreamFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  let url = new URL(input instanceof Request ? input.url : input)
  const origin = url.origin
  for (let hop = 0; ; hop += 1) {
    const response = await fetch(url, { ...init, redirect: 'manual' })
    const location = response.headers.get('location')
    if (!redirectStatuses.has(response.status) || location === null) return withErrorLinesAsEvents(response)
    const target = new URL(location, url)
    await response.body?.cancel()
    if (target.origin !== origin) throw new RedirectRefusedError(url.href, target.href)
    // 301, 302 and 303 would turn the POST into a GET without its body, which no completion endpoint serves.
    if (hop >= maxSameOriginRedirects || (response.status !== 307 && response.status !== 308))
      throw new Error(`${url.href} redirected (${response.status}) to ${target.href}, which Vigil does not follow.`)
    url = target
  }
}

const cr = 13
const lf = 10
const errorField = new TextEncoder().encode('error:')
const errorEvent = new TextEncoder().encode('event: error\ndata:')

function withErrorLinesAsEvents(response: Response): Response {
  if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream')) return response
  return new Response(response.body.pipeThrough(errorLinesAsEvents()), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}

/**
 * Bytes pass through untouched, except a line that starts with `error:`, whose field name becomes
 * `event: error` + `data:`. Works on bytes: the field name is ASCII and CR and LF are single bytes in UTF-8.
 * Only a line's first six bytes are ever held back, while they could still be `error:`.
 */
export function errorLinesAsEvents(): TransformStream<Uint8Array, Uint8Array> {
  /** How many bytes of `error:` the current line has matched; -1 once it cannot be that line. */
  let matched = 0
  return new TransformStream({
    transform(chunk, controller) {
      // What passes through goes out as one piece per chunk where it can (a burst brings many lines in
      // each chunk): it is cut only around a rewritten field name.
      let start = 0
      /** Where the current line began in this chunk (0 when it began in an earlier one). */
      let lineAt = 0
      let index = 0
      // The chunk's next CR from `index` on (-1: none), looked for again only once passed: servers rarely
      // send any, and looking from every line to the chunk's end made a burst's chunk cost its lines squared.
      let crAt = chunk.indexOf(cr)
      while (index < chunk.length) {
        if (matched >= 0) {
          if (chunk[index] === errorField[matched]) {
            matched += 1
            index += 1
            if (matched === errorField.length) {
              if (lineAt > start) controller.enqueue(chunk.subarray(start, lineAt))
              controller.enqueue(errorEvent)
              start = index
              matched = -1
            }
            continue
          }
          // Not `error:` after all: what an earlier chunk held back goes out first, as it came.
          const heldBefore = matched - (index - lineAt)
          if (heldBefore > 0) controller.enqueue(errorField.slice(0, heldBefore))
          matched = -1
        }
        let end = chunk.indexOf(lf, index)
        if (crAt >= 0 && crAt < index) crAt = chunk.indexOf(cr, index)
        if (crAt >= 0 && (end < 0 || crAt < end)) end = crAt
        if (end < 0) break
        index = end + 1
        lineAt = index
        matched = 0
      }
      // Bytes still being matched stay held; the rest goes out.
      const passEnd = matched > 0 ? lineAt : chunk.length
      if (passEnd > start) controller.enqueue(chunk.subarray(start, passEnd))
    },
    flush(controller) {
      if (matched > 0) controller.enqueue(errorField.slice(0, matched))
    },
  })
}
