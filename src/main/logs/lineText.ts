// What a log line may carry to the UI: text only. ANSI escape sequences (colours, cursor moves, window
// titles) are removed; other control characters become their visible Control Pictures (U+2400 block),
// and bidirectional controls, which would reorder what the viewer shows (a way to disguise a line), their
// abbreviation in brackets, so nothing in a line can act on the viewer or pass for markup. Tabs stay.
// LF is left as it is: a block of several lines is sanitized in one call, line by line in effect.
import { isAscii } from 'node:buffer'

// Matching control characters is the point of these patterns.
/* eslint-disable no-control-regex */
// CSI "ESC [ params final", OSC "ESC ] … BEL|ESC \" (never across a line), and two-byte "ESC X" sequences (ECMA-48).
const ansiEscapes = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g
const controlCharacters = /[\x00-\x08\x0b-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

// One quick test first: most lines hold no control character at all (ESC is one), and pay nothing more.
const anyControlCharacter = /[\x00-\x08\x0b-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
/* eslint-enable no-control-regex */

const bidiNames: Record<string, string> = {
  '\u061c': 'ALM',
  '\u200e': 'LRM',
  '\u200f': 'RLM',
  '\u202a': 'LRE',
  '\u202b': 'RLE',
  '\u202c': 'PDF',
  '\u202d': 'LRO',
  '\u202e': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
}

function visibleSymbol(character: string): string {
  const code = character.charCodeAt(0)
  if (code < 0x20) return String.fromCharCode(0x2400 + code)
  if (code === 0x7f) return '\u2421'
  return `\u27e8${bidiNames[character]}\u27e9`
}

/** The ASCII control bytes a line may not show as they are: below 0x20 but TAB and LF, and DEL. */
const asciiControlBytes = [...Array(0x20).keys()].filter((byte) => byte !== 0x09 && byte !== 0x0a).concat(0x7f)

/**
 * The bytes of a read as text when they are plain: ASCII with no control byte (TAB and LF aside), so
 * nothing in them needs sanitizing or a UTF-8 decode; undefined otherwise. One native search per control
 * byte is several times quicker than a pattern over the decoded text, and most logs are plain.
 */
export function plainText(bytes: Buffer): string | undefined {
  if (!isAscii(bytes)) return undefined
  for (const byte of asciiControlBytes) if (bytes.indexOf(byte) !== -1) return undefined
  return bytes.toString('latin1')
}

export function sanitizeLineText(text: string): string {
  if (!anyControlCharacter.test(text)) return text
  return text.replace(ansiEscapes, '').replace(controlCharacters, visibleSymbol)
}
