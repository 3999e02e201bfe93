/*
|--------------------------------------------------------------------------
| Core event listeners
|--------------------------------------------------------------------------
|
| Loaded in every process: the web processes push their ticket events
| live, the worker its SLA warnings and breaches (through Transmit's Redis
| transport to the browsers connected to any web process).
|
*/
import emitter from '@adonisjs/core/services/emitter'
import type { EventsList } from '@adonisjs/core/types'
import { liveListeners } from '#services/realtime/ticket_events'

for (const [event, listener] of Object.entries(liveListeners)) {
  emitter.on(event as keyof EventsList, listener as (payload: unknown) => Promise<void>)
}
