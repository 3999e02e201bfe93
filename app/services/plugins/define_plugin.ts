import type { BaseCommand } from '@adonisjs/core/ace'
import type { Router } from '@adonisjs/core/http'
import type { EventsList } from '@adonisjs/core/types'

/**
 * Named places in core pages where plugins may render a view. Each page
 * passes the data listed beside its slot.
 */
export interface SlotData {
  /** Portal front page, below the welcome panel. */
  'portal.home': {}
  /** Desk dashboard, below the core widgets. */
  'desk.home': {}
  /** Portal "Submit a request" form, below the description. */
  'portal.new_ticket': {}
  /** Portal ticket page, below the status banner (the requester's ticket is `ticket`). */
  'portal.ticket': { ticket: unknown }
  /** Desk ticket page, in the side column below the details (the ticket is `ticket`). */
  'ticket.sidebar': { ticket: unknown }
  /** Desk ticket page, below the lifecycle buttons. */
  'ticket.actions': { ticket: unknown }
}
export type SlotName = keyof SlotData

export type NavArea = 'desk' | 'portal'

export interface NavEntry {
  area: NavArea
  label: string
  /** Absolute path the entry links to, e.g. "/kb". */
  href: string
  /** Name of an icon of resources/views/components/icon.edge. */
  icon?: string
}

export type PluginListener<Event extends keyof EventsList> = (
  payload: EventsList[Event]
) => unknown | Promise<unknown>

export type PluginListeners = {
  [Event in keyof EventsList]?: PluginListener<Event>
}

export interface PluginSettings {
  /** Edge view with the form fields, e.g. "kb::settings". Receives `settings` and `errors`. */
  view: string
  /**
   * A compiled VineJS validator for the submitted form; its output is
   * stored per organization.
   */
  validator: { validate(data: unknown): Promise<Record<string, unknown>> }
  /** Values used until an organization saves its own. */
  defaults: Record<string, unknown>
}

/**
 * What a plugin declares in plugins/<id>/plugin.ts. The core wires each part;
 * no core file names a plugin.
 */
export interface PluginManifest {
  /** Must equal the folder name: lower case letters, digits and underscores. */
  id: string
  name: string
  version: string
  description?: string
  /** Whether an organization that has not chosen has the plugin on. Default true. */
  enabledByDefault?: boolean
  /**
   * Registers the plugin's routes. They answer 404 for an organization that
   * switched the plugin off.
   */
  routes?: (router: Router) => void
  /** Listeners of core events; skipped for organizations that switched the plugin off. */
  listeners?: PluginListeners
  /** Ace commands of the plugin. */
  commands?: Array<() => Promise<{ default: typeof BaseCommand }>>
  /** Entries of the desk and portal navigation. */
  nav?: NavEntry[]
  /** Views rendered in named slots of core pages, e.g. { 'portal.home': 'kb::slots/home' }. */
  slots?: Partial<Record<SlotName, string>>
  /** A settings page in the desk (Admin → Plugins → <name>). */
  settings?: PluginSettings
}

/**
 * Identity function that type-checks a plugin manifest.
 */
export function definePlugin(manifest: PluginManifest): PluginManifest {
  return manifest
}
