import type { Edge } from 'edge.js'

type Compiler = Edge['compiler']

/**
 * Keeps the compiled function of every `@include` once templates are
 * cached (production). Edge 6 caches pages and components but compiles an
 * included partial again on each render (Compiler.compile skips its cache
 * whenever local variable names are passed, and `@include` always passes
 * them): the desk inbox and ticket pages spent more CPU parsing their
 * partials than rendering them (bench/README.md, "Where a request's time
 * goes"). The compiled function depends only on the file and the names of
 * the local variables in scope, whose values it receives as arguments, so
 * the pair is the key. Call after `edge.configure()`, which replaces the
 * compilers.
 */
export function cacheCompiledIncludes(edge: Edge) {
  for (const compiler of [edge.compiler, edge.asyncCompiler]) {
    if (compiler.cacheManager.enabled) keepIncludes(compiler)
  }
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
