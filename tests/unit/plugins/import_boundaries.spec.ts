import { test } from '@japa/runner'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The boundaries between the core and plugins, read from the source tree:
 *
 * - no core file imports from a plugin folder (the core works, and its
 *   tests pass, with no plugin at all);
 * - a plugin imports the core only through its public surface (README,
 *   "Plugins"): `#kit/*`, `#models/*`, `#actions/*`, `#exceptions/*`; its
 *   tests also `#tests/*`, its bench scripts (standalone tools that boot
 *   the app) also `#start/env` and the core's bench/ helpers; relative
 *   imports stay inside its folder otherwise;
 * - no plugin registers an Edge global (slots have loaders instead).
 */
const APP_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** What plugins may import from the core. */
const PLUGIN_SURFACE = ['#kit/', '#models/', '#actions/', '#exceptions/']
/** What plugins' tests may import besides: the core's test helpers. */
const PLUGIN_TEST_SURFACE = [...PLUGIN_SURFACE, '#tests/']
/** What plugins' bench scripts may import besides: the environment. */
const PLUGIN_BENCH_SURFACE = [...PLUGIN_SURFACE, '#start/env']

const CORE_DIRS = [
  'app',
  'start',
  'config',
  'providers',
  'commands',
  'resources',
  'database',
  'bin',
  'tests',
]
/** Folders holding plugins (each subfolder with a plugin.ts is one). */
const PLUGIN_ROOTS = ['plugins', join('tests', 'fixtures', 'plugins')]

const SOURCE = /\.(ts|js|mjs)$/
const IMPORT_MAP: Record<string, string> = JSON.parse(
  readFileSync(join(APP_ROOT, 'package.json'), 'utf8')
).imports

function filesUnder(dir: string, skip: (path: string) => boolean = () => false): string[] {
  if (!existsSync(dir) || skip(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (skip(path)) return []
    return statSync(path).isDirectory() ? filesUnder(path, skip) : [path]
  })
}

function pluginFolders(): string[] {
  return PLUGIN_ROOTS.flatMap((root) => {
    const dir = join(APP_ROOT, root)
    if (!existsSync(dir)) return []
    return readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((path) => existsSync(join(path, 'plugin.ts')) || existsSync(join(path, 'plugin.js')))
  })
}

/** The module specifiers a source file imports (static, dynamic, re-exports). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1')
  const found: string[] = []
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
  ]
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) found.push(match[1])
  }
  return found
}

/** The file a `#alias/...` or relative specifier points at (without extension), or null. */
function resolveSpecifier(specifier: string, fromFile: string): string | null {
  if (specifier.startsWith('.')) return resolve(dirname(fromFile), specifier)
  if (!specifier.startsWith('#')) return null
  for (const [pattern, target] of Object.entries(IMPORT_MAP)) {
    const prefix = pattern.replace(/\*$/, '')
    if (pattern.endsWith('*') ? specifier.startsWith(prefix) : specifier === pattern) {
      return resolve(APP_ROOT, target.replace('*', specifier.slice(prefix.length)))
    }
  }
  return null
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep)

/** Edge globals registered by a file: `edge.global(` on edge.js's default export. */
export function registersEdgeGlobal(source: string): boolean {
  const names = new Set(['edge'])
  for (const match of source.matchAll(/import\s+(\w+)\s*(?:,[^;]*)?from\s*['"]edge\.js['"]/g)) {
    names.add(match[1])
  }
  return [...names].some((name) => new RegExp(`\\b${name}\\s*\\.\\s*global\\s*\\(`).test(source))
}

export function pluginImportProblem(
  specifier: string,
  file: string,
  pluginDir: string
): string | null {
  const inTests = inside(file, join(pluginDir, 'tests'))
  const inBench = inside(file, join(pluginDir, 'bench'))
  if (specifier.startsWith('.')) {
    const target = resolveSpecifier(specifier, file)!
    if (inBench && inside(target, join(APP_ROOT, 'bench'))) return null
    return inside(target, pluginDir) ? null : `reaches outside its folder: ${specifier}`
  }
  if (specifier.startsWith('#')) {
    const allowed = inTests ? PLUGIN_TEST_SURFACE : inBench ? PLUGIN_BENCH_SURFACE : PLUGIN_SURFACE
    return allowed.some((prefix) => specifier.startsWith(prefix))
      ? null
      : `imports ${specifier}, outside the plugin surface (${allowed.join(', ')})`
  }
  return null
}

function violations() {
  const plugins = pluginFolders()
  const problems: string[] = []
  const show = (file: string) => relative(APP_ROOT, file)

  for (const dir of CORE_DIRS) {
    const files = filesUnder(join(APP_ROOT, dir), (path) =>
      plugins.some((plugin) => inside(path, plugin))
    )
    for (const file of files) {
      if (file.endsWith('.edge')) {
        const source = readFileSync(file, 'utf8')
        for (const plugin of plugins) {
          const id = plugin.split(sep).at(-1)
          if (new RegExp(`['"\`]${id}::`).test(source)) {
            problems.push(`${show(file)}: renders a view of plugin ${id}`)
          }
        }
        continue
      }
      if (!SOURCE.test(file)) continue
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const target = resolveSpecifier(specifier, file)
        if (target && plugins.some((plugin) => inside(target, plugin))) {
          problems.push(`${show(file)}: a core file imports from a plugin: ${specifier}`)
        }
      }
    }
  }

  for (const plugin of plugins) {
    for (const file of filesUnder(plugin).filter((path) => SOURCE.test(path))) {
      const source = readFileSync(file, 'utf8')
      if (registersEdgeGlobal(source)) {
        problems.push(`${show(file)}: registers an Edge global (give its slot a loader)`)
      }
      for (const specifier of importsOf(source)) {
        const problem = pluginImportProblem(specifier, file, plugin)
        if (problem) problems.push(`${show(file)}: ${problem}`)
      }
    }
  }
  return { plugins, problems }
}

test.group('Import boundaries between the core and plugins', () => {
  test('the source tree keeps them', ({ assert }) => {
    assert.deepEqual(violations().problems, [])
  })

  test('the checks notice each kind of breach', ({ assert }) => {
    const plugin = join(APP_ROOT, 'plugins', 'demo')
    const file = join(plugin, 'services', 'x.ts')
    const testFile = join(plugin, 'tests', 'functional', 'x.spec.ts')

    assert.deepEqual(
      importsOf(
        [
          "import a from '#presenters/ticket_page'",
          'import {',
          '  b,',
          "} from '#kit/tickets'",
          "export { c } from './c.js'",
          "const d = () => import('#middleware/desk_middleware')",
          "import '#start/env'",
          "// import e from '#config/app'",
          "/* import f from '#config/app' */",
        ].join('\n')
      ),
      [
        '#presenters/ticket_page',
        '#kit/tickets',
        './c.js',
        '#middleware/desk_middleware',
        '#start/env',
      ]
    )

    assert.isNull(pluginImportProblem('#kit/plugins', file, plugin))
    assert.isNull(pluginImportProblem('#models/ticket', file, plugin))
    assert.isNull(pluginImportProblem('../models/thing.js', file, plugin))
    assert.isNull(pluginImportProblem('@adonisjs/lucid/services/db', file, plugin))
    assert.isNull(pluginImportProblem('#tests/helpers/factories', testFile, plugin))
    const benchFile = join(plugin, 'bench', 'x.ts')
    assert.isNull(pluginImportProblem('#start/env', benchFile, plugin))
    assert.isNull(pluginImportProblem('../../../bench/boot.js', benchFile, plugin))
    assert.include(pluginImportProblem('#start/env', file, plugin), 'outside')
    assert.include(pluginImportProblem('../../../app/kit/x.js', benchFile, plugin), 'outside')
    assert.include(pluginImportProblem('#services/plugins/main', file, plugin), 'outside')
    assert.include(pluginImportProblem('#middleware/auth_middleware', file, plugin), 'outside')
    assert.include(pluginImportProblem('#tests/helpers/factories', file, plugin), 'outside')
    assert.include(pluginImportProblem('#services/audit/audit_trail', testFile, plugin), 'outside')
    assert.include(
      pluginImportProblem('../../../commands/_atum_command.js', file, plugin),
      'outside its folder'
    )

    assert.isTrue(registersEdgeGlobal("import edge from 'edge.js'\nedge.global('x', 1)"))
    assert.isTrue(registersEdgeGlobal("import views from 'edge.js'\nviews.global('x', 1)"))
    assert.isFalse(registersEdgeGlobal("import edge from 'edge.js'\nedge.mount('x', '/y')"))

    const core = join(APP_ROOT, 'app', 'services', 'x.ts')
    assert.equal(resolveSpecifier('#kit/plugins', core), join(APP_ROOT, 'app', 'kit', 'plugins.js'))
    assert.isTrue(
      inside(resolveSpecifier('../../plugins/kb/plugin.js', core)!, join(APP_ROOT, 'plugins', 'kb'))
    )
  })
})
