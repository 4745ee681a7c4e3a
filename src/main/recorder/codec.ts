// How the recorder packs numbers into blobs. Samples are rounded to two decimals by the sampler, so a
// column of them is a column of integers in hundredths, divided by their greatest common divisor (whole
// bytes have 100, memory in pages 409,600): each value is stored as the zigzag varint of its difference
// from the previous present value (0 stands for "no value here", so a gap costs one byte), and the whole
// blob is then deflated. Steady series (totals, sizes) shrink to almost nothing; noisy
// ones (CPU %) to about two bytes a value. A column holding anything that is not a whole number of
// hundredths (or too large to scale) is stored as float64 instead, flagged in its first byte.
import { deflateRawSync, inflateRawSync } from 'node:zlib'

const scaledMode = 0
const floatMode = 1
const scale = 100
/** Beyond this a scaled value, or a difference of two, could lose precision in a double. */
const maxScaled = 2 ** 50

/** A blob as libsql hands it back: a Buffer from get(), an ArrayBuffer from all(). */
export type Blob = Buffer | ArrayBuffer

const asBuffer = (blob: Blob): Buffer => (Buffer.isBuffer(blob) ? blob : Buffer.from(blob))

/** A growable byte buffer for varints. */
class ByteWriter {
  private bytes = Buffer.allocUnsafe(256)
  length = 0

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + extra))
    this.bytes.copy(grown, 0, 0, this.length)
    this.bytes = grown
  }

  byte(value: number): void {
    this.reserve(1)
    this.bytes[this.length++] = value
  }

  /** An unsigned integer up to 2^53, seven bits a byte (arithmetic, not bitwise: bitwise is 32-bit). */
  varint(value: number): void {
    this.reserve(8)
    let rest = value
    while (rest >= 128) {
      this.bytes[this.length++] = (rest % 128) | 128
      rest = Math.floor(rest / 128)
    }
    this.bytes[this.length++] = rest
  }

  signed(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1)
  }

  float(value: number): void {
    this.reserve(8)
    this.bytes.writeDoubleLE(value, this.length)
    this.length += 8
  }

  done(): Buffer {
    return this.bytes.subarray(0, this.length)
  }
}

class ByteReader {
  offset = 0
  constructor(private readonly bytes: Buffer) {}

  byte(): number {
    return this.bytes[this.offset++]!
  }

  varint(): number {
    let value = 0
    let factor = 1
    for (;;) {
      const byte = this.bytes[this.offset++]
      if (byte === undefined) throw new Error('truncated varint')
      value += (byte & 127) * factor
      if (byte < 128) return value
      factor *= 128
    }
  }

  signed(): number {
    const zigzag = this.varint()
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2
  }

  float(): number {
    const value = this.bytes.readDoubleLE(this.offset)
    this.offset += 8
    return value
  }
}

function greatestCommonDivisor(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)]
  while (y > 0) [x, y] = [y, x % y]
  return x
}

/** The divisor of every scaled value (1 or more), or undefined when some value is not a whole number of hundredths. */
function scaledDivisor(values: ArrayLike<number>): number | undefined {
  let divisor = 0
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index]!
    if (Number.isNaN(value)) continue
    const scaled = Math.round(value * scale)
    if (Math.abs(scaled) > maxScaled || scaled / scale !== value) return undefined
    if (divisor !== 1) divisor = greatestCommonDivisor(divisor, scaled)
  }
  return Math.max(divisor, 1)
}

/** Writes a column (NaN where there is no value) into `writer`. */
function writeColumn(writer: ByteWriter, values: ArrayLike<number>): void {
  const divisor = scaledDivisor(values)
  if (divisor === undefined) {
    writer.byte(floatMode)
    for (let index = 0; index < values.length; index += 1) writer.float(values[index]!)
    return
  }
  writer.byte(scaledMode)
  writer.varint(divisor)
  let previous = 0
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index]!
    if (Number.isNaN(value)) {
      writer.varint(0)
      continue
    }
    const scaled = Math.round(value * scale) / divisor
    const delta = scaled - previous
    writer.varint((delta >= 0 ? delta * 2 : -delta * 2 - 1) + 1)
    previous = scaled
  }
}

function readColumn(reader: ByteReader, count: number): Float64Array {
  const values = new Float64Array(count)
  const mode = reader.byte()
  if (mode === floatMode) {
    for (let index = 0; index < count; index += 1) values[index] = reader.float()
    return values
  }
  if (mode !== scaledMode) throw new Error(`unknown column mode ${mode}`)
  const divisor = reader.varint()
  let previous = 0
  for (let index = 0; index < count; index += 1) {
    const token = reader.varint()
    if (token === 0) {
      values[index] = Number.NaN
      continue
    }
    const zigzag = token - 1
    previous += zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2
    values[index] = (previous * divisor) / scale
  }
  return values
}

/** One series over a chunk's samples: NaN where a sample had no value for it. */
export function encodeValues(values: ArrayLike<number>): Buffer {
  const writer = new ByteWriter()
  writeColumn(writer, values)
  return deflateRawSync(writer.done())
}

export function decodeValues(blob: Blob, count: number): Float64Array {
  return readColumn(new ByteReader(inflateRawSync(asBuffer(blob))), count)
}

/** Sample times (epoch ms, in the order they came): the first, then differences of differences. */
export function encodeTimes(times: ArrayLike<number>): Buffer {
  const writer = new ByteWriter()
  let previous = 0
  let previousDelta = 0
  for (let index = 0; index < times.length; index += 1) {
    const delta = times[index]! - previous
    writer.signed(delta - previousDelta)
    previous = times[index]!
    previousDelta = delta
  }
  return deflateRawSync(writer.done())
}

export function decodeTimes(blob: Blob, count: number): Float64Array {
  const reader = new ByteReader(inflateRawSync(asBuffer(blob)))
  const times = new Float64Array(count)
  let previous = 0
  let previousDelta = 0
  for (let index = 0; index < count; index += 1) {
    previousDelta += reader.signed()
    previous += previousDelta
    times[index] = previous
  }
  return times
}

/** A day of one series' minute aggregates: minute of the day, min, avg, max, and samples counted. */
export interface MinuteRows {
  minute: number[]
  min: number[]
  avg: number[]
  max: number[]
  count: number[]
}

export function encodeMinutes(rows: MinuteRows): Buffer {
  const writer = new ByteWriter()
  writer.varint(rows.minute.length)
  let previous = 0
  for (const minute of rows.minute) {
    writer.varint(minute - previous)
    previous = minute
  }
  for (const count of rows.count) writer.varint(count)
  writeColumn(writer, rows.min)
  writeColumn(writer, rows.avg)
  writeColumn(writer, rows.max)
  return deflateRawSync(writer.done())
}

export function decodeMinutes(blob: Blob): MinuteRows {
  const reader = new ByteReader(inflateRawSync(asBuffer(blob)))
  const length = reader.varint()
  const minute: number[] = []
  let previous = 0
  for (let index = 0; index < length; index += 1) {
    previous += reader.varint()
    minute.push(previous)
  }
  const count = Array.from({ length }, () => reader.varint())
  const min = Array.from(readColumn(reader, length))
  const avg = Array.from(readColumn(reader, length))
  const max = Array.from(readColumn(reader, length))
  return { minute, min, avg, max, count }
}

/** A sample waiting in the open chunk: series ids and values, as pairs. */
export function encodeOpenSample(ids: ArrayLike<number>, values: ArrayLike<number>): Buffer {
  const writer = new ByteWriter()
  for (let index = 0; index < ids.length; index += 1) {
    writer.varint(ids[index]!)
    writer.float(values[index]!)
  }
  return writer.done()
}

export function decodeOpenSample(blob: Blob, visit: (id: number, value: number) => void): void {
  const bytes = asBuffer(blob)
  const reader = new ByteReader(bytes)
  while (reader.offset < bytes.length) visit(reader.varint(), reader.float())
}
