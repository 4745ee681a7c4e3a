// What a log line may carry to the UI: text only. ANSI escape sequences (colours, cursor moves, window
// titles) are removed; other control characters become their visible Control Pictures (U+2400 block),
// so nothing in a line can act on the terminal-like viewer or pass for markup. Tabs stay.

// Matching control characters is the point of these patterns.
/* eslint-disable no-control-regex */
// CSI "ESC [ params final", OSC "ESC ] … BEL|ESC \", and two-byte "ESC X" sequences (ECMA-48).
const ansiEscapes = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g
const controlCharacters = /[\x00-\x08\x0b-\x1f\x7f]/g

// One quick test first: most lines hold no control character at all (ESC is one), and pay nothing more.
const anyControlCharacter = /[\x00-\x08\x0b-\x1f\x7f]/
/* eslint-enable no-control-regex */

export function sanitizeLineText(text: string): string {
  if (!anyControlCharacter.test(text)) return text
  return text.replace(ansiEscapes, '').replace(controlCharacters, (character) => {
    const code = character.charCodeAt(0)
    return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code)
  })
}
