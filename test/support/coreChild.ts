// A core in a process of its own, on the data folder the test gives, for tests that kill it: it prints
// its port and token, then serves until killed.
import { startTestCore } from './testCore'

const { core } = await startTestCore({ dataDir: process.argv[2]! })
process.stdout.write(`listening ${core.port} ${core.token}\n`)
