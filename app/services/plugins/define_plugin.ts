import type { BaseCommand } from '@adonisjs/core/ace'
import type { HttpContext, Router } from '@adonisjs/core/http'
import type { EventsList } from '@adonisjs/core/types'
import type { MiddlewareFn, ParsedNamedMiddleware } from '@adonisjs/core/types/http'
import type Ticket from '#models/ticket'

/**
 * Named places in core pages where plugins may render a view. Each page
 * passes the data listed beside its slot (the slot's props).
 */
export interface SlotData {
  /** Portal front page, below the welcome panel. */
  'portal.home': {}
  /** Desk dashboard, below the core widgets. */
  'desk.home': {}
  /** Portal "Submit a request" form, below the description. */
  'portal.new_ticket': {}
  /** Portal ticket page, below the status banner (the requester's ticket). */
  'portal.ticket': { ticket: Ticket }
  /** Desk ticket page, in the side column below the details. */
  'ticket.sidebar': { ticket: Ticket }
  /** Desk ticket page, below the lifecycle buttons. */
  'ticket.actions': { ticket: Ticket }
}
export type SlotName = keyof SlotData

/**
 * What a plugin renders in a slot: an Edge view of its own disk, and the
 * loader of what that view shows. The view receives the slot's props and
 * the loader's result (the loader's keys win). Views never query: a
 * loader does, with the request at hand (who is signed in, in which
 * organization). A loader returning null renders nothing.
 */
export interface PluginSlot<Name extends SlotName = SlotName> {
  /** e.g. "kb::slots/ticket_sidebar". */
  view: string
  load?: (
    ctx: HttpContext,
    props: SlotData[Name]
  ) => Promise<Record<string, unknown> | null> | Record<string, unknown> | null
}

export type PluginSlots = { [Name in SlotName]?: PluginSlot<Name> }

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
  /** What the form shows besides the values (choices of a select, say); merged into its props. */
  load?: (ctx: HttpContext) => Promise<Record<string, unknown>> | Record<string, unknown>
  /**
   * A compiled VineJS validator for the submitted form; its output is
   * stored per organization.
   */
  validator: { validate(data: unknown): Promise<Record<string, unknown>> }
  /** Values used until an organization saves its own. */
  defaults: Record<string, unknown>
}

/** A route middleware of the kit, for `.use(...)` on a route or a group. */
export type KitMiddleware = ParsedNamedMiddleware | MiddlewareFn

/**
 * What the core hands a plugin's `routes(router, kit)`: the core's guards
 * and route options, so a plugin never imports core middleware. Every
 * plugin route already answers 404 while its organization has the plugin
 * off, and (unless it uses `guards.apiToken`) runs with the pages' stack:
 * session, CSRF and security headers, who is signed in and where.
 */
export interface PluginKit {
  guards: {
    /** Signed in (any role, customers too); visitors go to the sign-in page. */
    signedIn: KitMiddleware
    /** Staff of the current organization: agents, managers and admins (the desk). */
    staff: KitMiddleware
    /** Staff with the manager or admin role; others get a 403 page. */
    manager: KitMiddleware
    /** Admins of the current organization; others get a 403 page. */
    admin: KitMiddleware
    /**
     * An API access token (Authorization: Bearer) of an active member; the
     * token decides the organization. Such a route gets no session, no
     * CSRF check and no cookies: JSON in, JSON out.
     */
    apiToken: KitMiddleware
  }
  /**
   * The route takes file uploads (multipart/form-data with files): they
   * are streamed to the temporary folder before the handler runs, and
   * deleted after it unless it moved them. Every other route refuses a
   * body with files.
   */
  uploads: KitMiddleware
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
   * Registers the plugin's routes, with the kit's guards. They answer 404
   * for an organization that switched the plugin off.
   */
  routes?: (router: Router, kit: PluginKit) => void
  /**
   * Listeners of core events; skipped for organizations that switched the
   * plugin off. One that throws is logged: the core action that emitted
   * the event has already committed and still succeeds.
   */
  listeners?: PluginListeners
  /** Ace commands of the plugin. */
  commands?: Array<() => Promise<{ default: typeof BaseCommand }>>
  /** Entries of the desk and portal navigation. */
  nav?: NavEntry[]
  /** Views rendered in named slots of core pages, with their loaders. */
  slots?: PluginSlots
  /** A settings page in the desk (Admin → Plugins → <name>). */
  settings?: PluginSettings
  /**
   * Browser modules and stylesheets the plugin ships, built by Vite: file
   * names inside the plugin's resources/assets/ folder (e.g. "timer.ts",
   * "time.css"). Every top-level file of that folder is a Vite entry point
   * (vite.config.ts finds them); those listed here are included on every
   * page while the organization has the plugin on, before the app's own
   * script starts Alpine.
   */
  assets?: string[]
}

/**
 * Identity function that type-checks a plugin manifest.
 */
export function definePlugin(manifest: PluginManifest): PluginManifest {
  return manifest
}
