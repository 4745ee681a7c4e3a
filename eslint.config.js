// Lint rules, including the import boundaries as data (test/lint/importRules.test.ts breaks each on purpose):
// - layers (STYLE.md: folder = runtime): shared imports nothing of ours; the renderer never imports main or
//   preload code; main never imports the renderer; only the Electron glue imports electron;
// - faces: each capability folder of the core shows its siblings one face, its index.ts; only its route
//   files speak HTTP (import server/); the server and storage import no capability.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const noDangerousHtml = {
  selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
  message: 'Model output and log text are untrusted: render text, never HTML.',
}

function forbidImports(...groups) {
  return ['error', { patterns: groups.map(([pattern, message]) => ({ group: [pattern], message })) }]
}

/** The capabilities of the core: one folder of src/main each, with one face (index.ts). */
const capabilities = [
  'metrics',
  'alerts',
  'logs',
  'chat',
  'export',
  'settings',
  'recorder',
  'tools',
  'fleet',
  'exporter',
]
/** What every capability may use: the HTTP server (from route files only) and atomic file storage. */
const infrastructure = ['server', 'storage']
/** A capability's files that build its routes: the only ones that may import server/. */
const routeFiles = ['**/*Routes.ts', '**/*Stream.ts']
const electronGlue = [
  'src/main/index.ts',
  'src/main/window.ts',
  'src/main/desktopHandlers.ts',
  'src/main/desktopShell.ts',
  'src/main/safeStorageCodec.ts',
]

const coreLayer = [
  {
    group: ['electron'],
    message: `The core runs in plain Node: Electron is reached only from its glue (${electronGlue.join(', ')}).`,
  },
  { group: ['**/renderer/**'], message: 'The core never imports renderer code.' },
]

/** Relative imports of another capability's files: anything below its folder, i.e. not its face. */
function siblingInternals(name) {
  const others = capabilities.filter((other) => other !== name).join('|')
  return {
    regex: `^(\\.\\./)+(${others})/`,
    message: "A capability imports only its siblings' faces: import the folder (its index.ts), never a file inside it.",
  }
}

const serverFromDomain = {
  regex: '^(\\.\\./)+server(/|$)',
  message:
    "Only a capability's route files (*Routes.ts, *Stream.ts) speak HTTP; domain code throws VigilError (src/shared/errors.ts).",
}

const capabilityFromInfrastructure = {
  regex: `^(\\.\\./)+(${capabilities.join('|')})(/|$)`,
  message: 'The server and storage serve every capability and import none of them.',
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', noDangerousHtml],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': forbidImports(
        ['**/main/**', 'The renderer talks to the core over HTTP only; it never imports main-process code.'],
        ['**/preload/**', 'The renderer sees the preload only through window.vigilDesktop (src/shared/desktopApi.ts).'],
        ['electron', 'The renderer runs in a sandbox and in plain browsers: no electron import.'],
        ['node:*', 'The renderer runs in a browser: no Node modules.'],
      ),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': forbidImports(
        ['**/main/**', 'src/shared imports nothing of ours.'],
        ['**/renderer/**', 'src/shared imports nothing of ours.'],
        ['**/preload/**', 'src/shared imports nothing of ours.'],
        ['electron', 'src/shared runs everywhere: no electron import.'],
        ['node:*', 'src/shared runs in the browser too: no Node modules.'],
      ),
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: electronGlue,
    rules: { 'no-restricted-imports': ['error', { patterns: coreLayer }] },
  },
  ...capabilities.flatMap((name) => [
    {
      files: [`src/main/${name}/**/*.ts`],
      // A unit test may build its fixtures from a sibling's parts (real histories for an export, say).
      ignores: ['**/*.test.ts'],
      rules: {
        'no-restricted-imports': ['error', { patterns: [...coreLayer, siblingInternals(name), serverFromDomain] }],
      },
    },
    {
      files: routeFiles.map((pattern) => `src/main/${name}/${pattern}`),
      rules: { 'no-restricted-imports': ['error', { patterns: [...coreLayer, siblingInternals(name)] }] },
    },
  ]),
  ...infrastructure.map((name) => ({
    files: [`src/main/${name}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [...coreLayer, capabilityFromInfrastructure] }] },
  })),
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': forbidImports(
        ['**/main/**', 'The preload shares types through src/shared only.'],
        ['**/renderer/**', 'The preload shares types through src/shared only.'],
      ),
    },
  },
  // Renderer feature faces: a feature (src/renderer/src/features/<name>/) shows the others only its face,
  // features/<name>/index.ts; they ask it for things through its face's actions or through lib/intents.ts.
  // typescript-eslint's variant of no-restricted-imports, so that the renderer block's runtime limits above
  // (its no-restricted-imports) still apply to these files: a second block's options would replace them.
  {
    files: ['src/renderer/src/features/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            // ../<feature>/<file>, and any path through features/<feature>/<file>; <feature>/index is the face.
            String.raw`^\.\./[^./][^/]*/(?!index(\.[jt]sx?)?$)`,
            String.raw`(^|/)features/[^/]+/(?!index(\.[jt]sx?)?$)`,
          ].map((regex) => ({
            regex,
            message:
              "Another feature's files are its own: import its face (from '../<feature>', its index.ts), or ask through lib/intents.ts.",
          })),
        },
      ],
    },
  },
)
