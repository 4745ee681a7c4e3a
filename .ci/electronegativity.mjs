// Electronegativity over Vigil's sources, run by .ci/run: every HIGH or MEDIUM finding must be in the
// reviewed allowlist (.ci/electronegativity-allow.json, each entry with its reason), or CI fails.
// The tool is pinned and runs with the network unshared: it would otherwise fetch translations and the
// list of Electron releases (that check is also excluded, as it needs the network by design). It exits 0
// whatever it finds, so its CSV report is read here.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'

const toolPackage = '@doyensec/electronegativity@1.10.3'
const root = new URL('..', import.meta.url).pathname
const allowlistPath = join(root, '.ci/electronegativity-allow.json')
const electronVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (result.status !== 0) {
    console.error(`electronegativity: ${command} ${args.join(' ')} failed (${result.error?.message ?? result.status})`)
    process.exit(1)
  }
}

// Fetch the pinned package (this needs the registry) without running any of it...
run('npx', ['--yes', `--package=${toolPackage}`, '--', 'node', '-e', '0'])
// ...then run it from npm's cache with no network at all.
const reportDir = mkdtempSync(join(tmpdir(), 'vigil-electronegativity-'))
const reportPath = join(reportDir, 'report.csv')
run('unshare', [
  '-rn',
  'npx',
  '--offline',
  '--yes',
  `--package=${toolPackage}`,
  '--',
  'electronegativity',
  ...['--input', 'src', '--output', reportPath, '--relative', '--verbose', 'false'],
  ...['--exclude-checks', 'AvailableSecurityFixesGlobalCheck', '--electron-version', electronVersion],
])

let rows
try {
  // The tool sometimes writes a short line that is no finding among its rows (seen in CI: 3 fields where a
  // finding has 8); such lines are shown below and left out, the findings are read as usual.
  rows = parse(readFileSync(reportPath, 'utf8'), {
    columns: true,
    trim: true,
    relax_quotes: true,
    relax_column_count: true,
  })
} catch (error) {
  console.error(`electronegativity: its report could not be read (${error.message})`)
  process.exit(1)
} finally {
  rmSync(reportDir, { recursive: true, force: true })
}

const severities = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH']
for (const row of rows.filter((row) => !severities.includes(row.severity)))
  console.log(`  electronegativity wrote a line that is no finding: ${JSON.stringify(Object.values(row))}`)
rows = rows.filter((row) => severities.includes(row.severity))

const allowlist = JSON.parse(readFileSync(allowlistPath, 'utf8'))
const isAllowed = (finding, entry) =>
  entry.issue === finding.issue && entry.file === finding.filename && entry.sample === finding.sample.trim()
const serious = rows.filter((row) => row.severity === 'HIGH' || row.severity === 'MEDIUM')
const unexpected = serious.filter((finding) => !allowlist.some((entry) => isAllowed(finding, entry)))
const unused = allowlist.filter((entry) => !serious.some((finding) => isAllowed(finding, entry)))

console.log(
  `electronegativity ${toolPackage.split('@').at(-1)}: ${rows.length} findings, ${serious.length} HIGH or MEDIUM, ` +
    `${serious.length - unexpected.length} of them allowed`,
)
for (const entry of unused) console.log(`  allowlist entry no longer found (remove it): ${entry.issue} ${entry.file}`)
for (const finding of unexpected)
  console.log(
    `  NOT ALLOWED ${finding.severity} ${finding.issue} ${finding.filename}:${finding.location}  ${finding.sample}`,
  )
process.exit(unexpected.length === 0 ? 0 : 1)
