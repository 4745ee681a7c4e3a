import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvDelimiters, defaultCsvOptions, protectCell, type CsvDelimiter } from '../../shared/export'
import { createCsvFormatter, timeColumns, writeTimeCells, type Cell } from './csvFormat'

/** Formats the rows in batches (of three unless told), as exports hand them over. */
function stringified(
  rows: Cell[][],
  columns: string[],
  options = defaultCsvOptions,
  { joinsPlainRows = false, batch = 3 } = {},
): string {
  const formatter = createCsvFormatter(options, columns, { joinsPlainRows })
  let text = ''
  for (let at = 0; at < rows.length; at += batch) text += formatter.format(rows.slice(at, at + batch))
  return text + formatter.end()
}

const nasty = [
  'a "quoted" word',
  'comma, inside',
  'CR\rinside',
  'LF\ninside',
  'CRLF\r\ninside',
  'emoji 🚀 ünï',
  '=1+2',
  '+1',
  '-1',
  '@SUM(A1)',
  '  =after spaces',
  '\tTAB',
  '\rCR first',
  '\nLF first',
  '＝full-width',
  'plain',
  '',
  // Formula-guard bypasses: a control character first, Unicode blanks first, a formula on a later line.
  '\u0000=1+1',
  '\u0007+1',
  'DEL\u007f',
  '\u007f=1+1',
  '\u00a0=1+1',
  '\u2003=1+1',
  '\u3000=1+1',
  '\u200b=1+1',
  '\ufeff@SUM(A1)',
  '\u2028-1',
  '\u00a0 \u200b+1',
  'first line\n=1+1',
  'first line\r\n  +1',
  'first line\r-1',
  'first\n\u00a0@x\nthird\n=4',
]

/** What a spreadsheet would run: a line (of a cell read back) starting with a formula sign after any blanks. */
const formulaLine = /^[\s\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u
// eslint-disable-next-line no-control-regex
const hiddenControl = /[\x00-\x08\x0B\x0C\x0E-\x1F]/

describe('CSV cells', () => {
  it('prefixes text a spreadsheet would run as a formula, also after leading spaces, and nothing else', () => {
    expect(['=1', '+1', '-1', '@a', '\tx', '\rx', '\nx', '   =x', ' @x', '＝x'].map(protectCell)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@a",
      "'\tx",
      "'\rx",
      "'\nx",
      "'   =x",
      "' @x",
      "'＝x",
    ])
    expect(['1', 'a=b', 'x-1', '', ' ', 'é=1'].map(protectCell)).toEqual(['1', 'a=b', 'x-1', '', ' ', 'é=1'])
  })

  it('treats any leading run of Unicode spaces and format characters as blank before a formula sign', () => {
    const blanks = ['\u00a0', '\u2000', '\u2003', '\u200a', '\u200b', '\u200d', '\u2060', '\u3000', '\ufeff', '\u2028']
    for (const blank of blanks) {
      expect(protectCell(`${blank}=1+1`)).toBe(`'${blank}=1+1`)
      expect(protectCell(` ${blank}${blank}@x`)).toBe(`' ${blank}${blank}@x`)
    }
    expect(protectCell('\u007f\u0085=1')).toBe("'\u007f\u0085=1")
    expect(protectCell('a\n\u007f+1')).toBe("a\n'\u007f+1")
    expect(protectCell('\u00a0text')).toBe('\u00a0text')
  })

  it('writes NUL and the other C0 controls as visible Control Pictures, keeping tab, CR and LF', () => {
    expect(protectCell('\u0000=1+1')).toBe('\u2400=1+1')
    expect(protectCell('a\u0001b\u001bc')).toBe('a\u2401b\u241bc')
    expect(protectCell('a\tb')).toBe('a\tb')
    expect(protectCell('\u0000\n=1')).toBe("\u2400\n'=1")
  })

  it('guards every line of a multi-line cell just after its line break, and leaves other lines alone', () => {
    expect(protectCell('total\n=1+1')).toBe("total\n'=1+1")
    expect(protectCell('total\r\n  +1')).toBe("total\r\n'  +1")
    expect(protectCell('total\r-1\n\u3000@x\nplain')).toBe("total\r'-1\n'\u3000@x\nplain")
    expect(protectCell('=a\n=b')).toBe("'=a\n'=b")
    expect(protectCell('a\r\nb\n\nc x-1')).toBe('a\r\nb\n\nc x-1')
  })

  for (const delimiter of Object.keys(csvDelimiters) as CsvDelimiter[]) {
    it(`round-trips nasty text through csv-parse with the ${delimiter} delimiter and a BOM, numbers left as numbers`, async () => {
      const rows: Cell[][] = nasty.map((text, index) => [
        text,
        -index - 0.5,
        undefined,
        Number.NaN,
        `${text}${csvDelimiters[delimiter]}x`,
      ])
      const text = stringified(rows, ['text', 'number', 'missing', 'nan', 'with_delimiter'], {
        ...defaultCsvOptions,
        delimiter,
        bom: true,
      })
      expect(text.startsWith('\uFEFF')).toBe(true)
      const [header, ...read] = parse(text, { delimiter: csvDelimiters[delimiter], bom: true }) as string[][]
      expect(header).toEqual(['text', 'number', 'missing', 'nan', 'with_delimiter'])
      expect(read.map((row) => row.length)).toEqual(nasty.map(() => 5))
      expect(read.map((row) => row[0])).toEqual(nasty.map(protectCell))
      for (const cell of read.flatMap((row) => [row[0]!, row[4]!])) {
        expect(cell.split(/\r\n|\r|\n/).filter((line) => formulaLine.test(line) && !line.startsWith("'"))).toEqual([])
        expect(cell).not.toMatch(hiddenControl)
      }
      expect(read.map((row) => row[1])).toEqual(nasty.map((_, index) => String(-index - 0.5)))
      expect(read.every((row) => row[2] === '' && row[3] === '')).toBe(true)
    })
  }

  it('writes a number as String() does, and NaN or an infinity as an empty cell', () => {
    const numbers = [
      0,
      -0,
      7,
      -1.5,
      0.1 + 0.2,
      1 / 3,
      1e21,
      -1e-7,
      5e-324,
      Number.MAX_SAFE_INTEGER,
      2 ** 60,
      8_000_004_096,
      1_793_491_200_123,
    ]
    const missing = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
    const cells = [...numbers, ...missing]
    const text = stringified(
      [cells],
      cells.map((_, index) => `c${index}`),
      { ...defaultCsvOptions, header: false },
    )
    expect(text).toBe(`${[...numbers.map(String), ...missing.map(() => '')].join(',')}\r\n`)
  })

  it('ends records with CRLF and writes no header when told not to', async () => {
    expect(stringified([['a', 1]], ['x', 'y'], { ...defaultCsvOptions, header: false })).toBe('a,1\r\n')
  })

  it('writes the BOM and header once, also for an export with no rows', () => {
    expect(stringified([], ['x', 'y'], { ...defaultCsvOptions, bom: true })).toBe('\uFEFFx,y\r\n')
    expect(
      stringified(
        [
          ['a', 1],
          ['b', 2],
          ['c', 3],
          ['d', 4],
        ],
        ['x', 'y'],
        { ...defaultCsvOptions, bom: true },
      ),
    ).toBe('\uFEFFx,y\r\na,1\r\nb,2\r\nc,3\r\nd,4\r\n')
  })

  it('joins plain rows itself exactly as csv-stringify writes them, and leaves every other row to it', () => {
    // Plain cells, and cells each needing quotes or protection under some delimiter, mixed so that
    // runs of plain and other rows of every length meet at batch edges.
    const cells: Cell[] = [
      ...nasty,
      'semi;colon',
      'tab\tinside',
      'quote"',
      "it's",
      'a=b',
      'x-1',
      ' ',
      'plain text',
      0,
      -0,
      -1.5,
      1e21,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      undefined,
    ]
    let seed = 7
    const next = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return Math.floor((seed / 2 ** 31) * below)
    }
    const rows: Cell[][] = Array.from({ length: 400 }, () =>
      Array.from({ length: 4 }, () => (next(3) === 0 ? cells[next(cells.length)] : `plain ${next(1000)}`)),
    )
    const columns = ['a', 'b;c', 'd', 'e']
    for (const delimiter of Object.keys(csvDelimiters) as CsvDelimiter[]) {
      for (const [header, bom] of [
        [true, true],
        [false, false],
        [true, false],
      ] as const) {
        const options = { ...defaultCsvOptions, delimiter, header, bom }
        for (const batch of [1, 7, 64])
          expect(stringified(rows, columns, options, { joinsPlainRows: true, batch })).toBe(
            stringified(rows, columns, options, { batch }),
          )
        expect(stringified([], columns, options, { joinsPlainRows: true })).toBe(stringified([], columns, options))
      }
    }
  })

  it('names the time columns by what they hold and fills them accordingly', () => {
    const at = Date.UTC(2026, 10, 24, 10, 15, 3, 120)
    const row: Cell[] = []
    expect(timeColumns('iso-epoch')).toEqual(['time_utc', 'time_epoch_ms'])
    expect(writeTimeCells('iso-epoch', at, row, 0)).toBe(2)
    expect(row).toEqual(['2026-11-24T10:15:03.120Z', at])
    writeTimeCells('local', at, row, 0)
    expect(new Date(String(row[0]).replace(' ', 'T')).getTime()).toBe(at)
    expect(timeColumns('epoch', 'created')).toEqual(['created_epoch_ms'])
  })
})
