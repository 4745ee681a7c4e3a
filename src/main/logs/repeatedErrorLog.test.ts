import { describe, expect, it } from 'vitest'
import type { Logger } from '../logger'
import { createRepeatedErrorLog } from './repeatedErrorLog'

function recordingLogger(): { logger: Logger; errors: string[] } {
  const errors: string[] = []
  const ignore = () => undefined
  return { logger: { debug: ignore, info: ignore, warn: ignore, error: (_, message) => errors.push(message) }, errors }
}

describe('repeated error log', () => {
  it('logs an error once, counts its repeats, and tells the count when it changes or stops', () => {
    const { logger, errors } = recordingLogger()
    const log = createRepeatedErrorLog(logger, '/var/log/app.log')
    for (let check = 0; check < 50; check += 1) log.error(new Error('EIO: i/o error, read'))
    expect(errors).toEqual(['following /var/log/app.log failed: EIO: i/o error, read'])
    log.error(new Error('EMFILE: too many open files'))
    log.recovered()
    log.recovered()
    expect(errors).toEqual([
      'following /var/log/app.log failed: EIO: i/o error, read',
      'following /var/log/app.log failed: EIO: i/o error, read (49 more times)',
      'following /var/log/app.log failed: EMFILE: too many open files',
    ])
  })
})
