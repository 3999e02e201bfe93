/*
|--------------------------------------------------------------------------
| Edge templates
|--------------------------------------------------------------------------
|
| Runs after the providers have configured Edge (cache on in production).
|
*/
import edge from 'edge.js'
import { completeTemplateCache } from '#http/template_cache'

completeTemplateCache(edge)
