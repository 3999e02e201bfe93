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
import { relativeTime } from '#presenters/relative_time'

completeTemplateCache(edge)

// {{ relativeTime(ticket.updatedAt) }}: "5 hours ago" (app/presenters/relative_time.ts).
edge.global('relativeTime', relativeTime)
