import type { Edge } from 'edge.js'

type Compiler = Edge['compiler']
type Loader = Edge['loader']

/**
 * Completes Edge 6's template cache once it is on (production), where two
 * gaps cost the desk pages more CPU than rendering them (bench/README.md,
 * "Where a request's time goes"):
 *
 * - an `@include`d partial was compiled again on every render (the
 *   compiler skips its cache whenever local variable names are passed, and
 *   `@include` always passes them). The compiled function depends only on
 *   the file and the names of the local variables in scope, whose values it
 *   receives as arguments, so the pair is the key;
 * - every render listed the components folders of every disk again
 *   (readdirSync: the components plugin stays "recurring" when the cache is
 *   turned on by `configure()` after Edge was created). The list is kept
 *   until a disk or template is mounted, registered or removed.
 *
 * Call after `edge.configure()`, which replaces the compilers.
 */
export function completeTemplateCache(edge: Edge) {
  if (!edge.asyncCompiler.cacheManager.enabled) return
  for (const compiler of [edge.compiler, edge.asyncCompiler]) keepIncludes(compiler)
  keepComponentList(edge.loader)
}

function keepIncludes(compiler: Compiler) {
  const compile = compiler.compile.bind(compiler)
  const compiled = new Map<string, ReturnType<Compiler['compile']>>()
  compiler.compile = (templatePath: string, localVariables?: string[]) => {
    if (!localVariables) return compile(templatePath)
    const key = `${templatePath}\0${localVariables.join(',')}`
    let template = compiled.get(key)
    if (!template) {
      template = compile(templatePath, localVariables)
      compiled.set(key, template)
    }
    return template
  }
}

function keepComponentList(loader: Loader) {
  const listComponents = loader.listComponents.bind(loader)
  let components: ReturnType<Loader['listComponents']> | undefined
  loader.listComponents = () => (components ??= listComponents())
  for (const change of ['mount', 'unmount', 'register', 'remove'] as const) {
    const original = loader[change].bind(loader) as (...args: unknown[]) => unknown
    ;(loader[change] as (...args: unknown[]) => unknown) = (...args) => {
      components = undefined
      return original(...args)
    }
  }
}
