/*
|--------------------------------------------------------------------------
| Edge templates
|--------------------------------------------------------------------------
|
| Runs after the providers have configured Edge (cache on in production).
|
*/
import edge from 'edge.js'
import { cacheCompiledIncludes } from '#http/compiled_includes'

cacheCompiledIncludes(edge)
