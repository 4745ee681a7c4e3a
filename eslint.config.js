// Lint rules, including the import boundaries between runtimes (STYLE.md: folder = runtime):
// shared imports nothing of ours; the renderer never imports main or preload code; main never imports the renderer.
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
    ignores: ['src/main/index.ts', 'src/main/window.ts', 'src/main/desktopHandlers.ts', 'src/main/safeStorageCodec.ts'],
    rules: {
      'no-restricted-imports': forbidImports(
        [
          'electron',
          'The core runs in plain Node: Electron is reached only from src/main/index.ts and its adapters: window.ts, desktopHandlers.ts, safeStorageCodec.ts.',
        ],
        ['**/renderer/**', 'The core never imports renderer code.'],
      ),
    },
  },
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
