// Reading the kernel's counter files straight from their bytes. They are ASCII: words and unsigned decimal
// numbers separated by blanks, one record a line. Read every second, their text would cost a string for the
// file, one per line and one per field before any number came out (about 40 KiB a sample); a cursor that
// walks the bytes makes only the numbers and the few names kept (interfaces, disks).

const newline = 0x0a
const space = 0x20
const tab = 0x09
const colon = 0x3a
const dot = 0x2e
const digitZero = 0x30
const digitNine = 0x39

/** The position of the first byte at or after `at` that is not a space or a tab. */
function afterBlanks(bytes: Buffer, at: number): number {
  while (bytes[at] === space || bytes[at] === tab) at += 1
  return at
}

/** A position in one file's bytes that moves forward through its fields and lines; never past a newline but by nextLine(). */
export class ByteCursor {
  position = 0

  constructor(private readonly bytes: Buffer) {}

  get isAtEnd(): boolean {
    return this.position >= this.bytes.length
  }

  /** Moves past the colon that ends a label ("eth0:"); false when something else comes at the position. */
  skipColon(): boolean {
    if (this.bytes[this.position] !== colon) return false
    this.position += 1
    return true
  }

  /** Whether `prefix` is what comes at the position. */
  startsWith(prefix: Buffer): boolean {
    const { bytes, position } = this
    if (position + prefix.length > bytes.length) return false
    for (let offset = 0; offset < prefix.length; offset += 1) {
      if (bytes[position + offset] !== prefix[offset]) return false
    }
    return true
  }

  /** The next number on the line after blanks, or NaN (position unmoved past the blanks) when none comes there. */
  number(): number {
    const { bytes } = this
    const start = afterBlanks(bytes, this.position)
    let at = start
    let value = 0
    for (let byte = bytes[at]; byte !== undefined && byte >= digitZero && byte <= digitNine; byte = bytes[at]) {
      value = value * 10 + (byte - digitZero)
      at += 1
    }
    this.position = at
    return at > start ? value : Number.NaN
  }

  /**
   * The next decimal number on the line after blanks ("0.52", "3"), or NaN when none comes there. All its
   * digits are read as one integer and divided once by the power of ten, so the result is the double
   * nearest the text, as Number() gives.
   */
  decimal(): number {
    const { bytes } = this
    const start = afterBlanks(bytes, this.position)
    let at = start
    let digits = 0
    let fractionDigits = -1
    let value = 0
    for (let byte = bytes[at]; byte !== undefined; byte = bytes[at]) {
      if (byte === dot && fractionDigits < 0) fractionDigits = 0
      else if (byte >= digitZero && byte <= digitNine) {
        value = value * 10 + (byte - digitZero)
        digits += 1
        if (fractionDigits >= 0) fractionDigits += 1
      } else break
      at += 1
    }
    this.position = at
    return digits > 0 ? value / 10 ** Math.max(fractionDigits, 0) : Number.NaN
  }

  /** Skips `count` numbers on the line; false when the line ends first. */
  skipNumbers(count: number): boolean {
    for (let skipped = 0; skipped < count; skipped += 1) {
      if (Number.isNaN(this.number())) return false
    }
    return true
  }

  /** The next word on the line after blanks: up to a blank, a colon or the line's end; '' when none. */
  word(): string {
    const { bytes } = this
    const start = afterBlanks(bytes, this.position)
    let at = start
    for (
      let byte = bytes[at];
      byte !== undefined && byte !== newline && byte !== colon && byte !== space && byte !== tab;
      byte = bytes[at]
    )
      at += 1
    this.position = at
    return bytes.toString('utf8', start, at)
  }

  /** Moves to the start of the next line (the end when this is the last). */
  nextLine(): void {
    const end = this.bytes.indexOf(newline, this.position)
    this.position = end < 0 ? this.bytes.length : end + 1
  }

  /** Moves just past the label of the line "label…" (the label with its colon), from the start; false when no line starts so. */
  seekLine(label: Buffer): boolean {
    const { bytes } = this
    for (let at = bytes.indexOf(label); at >= 0; at = bytes.indexOf(label, at + 1)) {
      if (at === 0 || bytes[at - 1] === newline) {
        this.position = at + label.length
        return true
      }
    }
    return false
  }
}
