// Follows one file and prints each tail event as a JSON line: run as another user by the permission test.
import { createFileTailer } from '../../src/main/logs/fileTailer'

const tailer = await createFileTailer({
  path: process.argv[2]!,
  pollMs: 50,
  onEvent: (event) =>
    process.stdout.write(
      `${JSON.stringify(event.kind === 'lines' ? { lines: event.lines.text.split('\n').slice(0, -1) } : { notice: event.notice })}\n`,
    ),
  onError: (error) => process.stdout.write(`${JSON.stringify({ error: error.message })}\n`),
})
process.stdout.write(`${JSON.stringify({ status: tailer.status })}\n`)
