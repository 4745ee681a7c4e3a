// The Node runtime's own cost in the sampler benchmark: a bundled child that wakes once a second like the
// contenders and collects nothing, metered the same way (childMeter.ts). What it spends, any Node process
// spends (timers, the event loop, V8's background housekeeping); the bench prints Vigil's figure with and
// without it. Prints one `result {json}` line and ends.
import { collectEverySecond, createSampleMeter, printResult } from './childMeter'

const meter = createSampleMeter({ measuresEventLoopDelay: false })
await collectEverySecond(async () => {}, meter)
printResult(meter.result({}))
