// One page of the read route, streamed: the batches of a planned range through the filter, until about
// `pageBytes` of the file were read, then where to continue. Nothing of the range is held beyond the
// batch being written; a client that reads slowly holds the reading back (the socket's backpressure).
import { once } from 'node:events'
import type { ServerResponse } from 'node:http'
import { apiHeaders } from '../server/headers'
import type { ReadPlan } from './follower'
import { filterBatch, type LineFilter } from './logFilter'

export async function writeReadPage(
  response: ServerResponse,
  plan: ReadPlan,
  filter: LineFilter,
  pageBytes: number,
): Promise<void> {
  const batches = plan.batches()
  // The first batch is read before the answer starts, so a range that cannot be read is a plain error.
  let next = await batches.next()
  response.writeHead(200, { ...apiHeaders, 'Content-Type': 'application/json; charset=utf-8' })
  const write = async (text: string) => {
    if (!response.write(text)) await once(response, 'drain')
  }
  try {
    await write(plan.gap === undefined ? '{"batches":[' : `{"gap":${JSON.stringify(plan.gap)},"batches":[`)
    let readBytes = 0
    let separator = ''
    let continueAt: string | undefined
    while (!next.done && !response.destroyed) {
      const { batch, to } = next.value
      const kept = filterBatch(batch, filter)
      if (kept.steps.length > 0) {
        await write(separator + JSON.stringify(kept))
        separator = ','
      }
      readBytes += batch.text.length
      next = await batches.next()
      if (!next.done && readBytes >= pageBytes) {
        continueAt = to
        break
      }
    }
    response.end(continueAt === undefined ? ']}' : `],"next":${JSON.stringify(continueAt)}}`)
  } catch (error) {
    // The answer has begun: the only honest ending left is an incomplete one, which no JSON parser accepts.
    response.destroy(error as Error)
  } finally {
    await batches.return(undefined)
  }
}
