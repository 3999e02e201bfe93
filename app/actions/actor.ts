import type { HttpContext } from '@adonisjs/core/http'
import type Membership from '#models/membership'
import type Organization from '#models/organization'
import type User from '#models/user'
import ActionError from '#exceptions/action_error'
import type { AuditActor } from '#services/audit/audit_trail'

/**
 * Who calls an action: the first argument of every `handle(actor, input)`
 * in app/actions and plugins/<id>/actions. It carries the person (if any),
 * their membership and organization, and the request metadata the audit
 * trail records, so an action can be given to appendAuditEvent as is.
 *
 * Built once per caller:
 * - a request: `ctx.actor`, set by the middleware that resolves who is
 *   signed in (a visitor until then; see Actor.forRequest);
 * - an ace command or a job, a listener, the demo seeder: Actor.system();
 * - a member acting outside a request (tests, generators): Actor.forMember().
 */
export default class Actor implements AuditActor {
  /** The person acting; null for a visitor or the system. */
  readonly user: User | null
  /** Their active membership in the organization they act in. */
  readonly membership: Membership | null
  /** The organization the action works in (the current one on a page). */
  readonly organization: Organization | null
  readonly ip: string | null
  readonly userAgent: string | null

  constructor(init: {
    user?: User | null
    membership?: Membership | null
    organization?: Organization | null
    ip?: string | null
    userAgent?: string | null
  }) {
    this.user = init.user ?? null
    this.membership = init.membership ?? null
    this.organization = init.organization ?? null
    this.ip = init.ip ?? null
    this.userAgent = init.userAgent ?? null
  }

  /**
   * The sender of a request: the signed-in member (session or API token)
   * with their current organization, or a visitor (user null).
   */
  static forRequest(ctx: HttpContext, user: User | null = null) {
    return new Actor({
      user,
      membership: ctx.membership,
      organization: ctx.organization,
      ip: ctx.request.ip(),
      userAgent: ctx.request.header('user-agent')?.slice(0, 400) ?? null,
    })
  }

  /**
   * The application itself (ace commands, jobs, listeners, the demo
   * seeder): the audit trail shows "System". Given an organization, the
   * actions that work in one work in it.
   */
  static system(organization: Organization | null = null) {
    return new Actor({ organization })
  }

  /**
   * A member acting outside a request. The user is the membership's
   * (preloaded, or given); the organization is the membership's.
   */
  static forMember(membership: Membership, user?: User) {
    return new Actor({
      user: user ?? (membership.$preloaded.user as User | undefined) ?? null,
      membership,
      organization: (membership.$preloaded.organization as Organization | undefined) ?? null,
    })
  }

  /**
   * The same request acting as another person, without membership or
   * organization: a mailed link stands for the person it was sent to.
   */
  actingAs(user: User) {
    return new Actor({ user, ip: this.ip, userAgent: this.userAgent })
  }

  /** The person acting, for the audit trail. */
  get userId(): number | null {
    return this.user?.id ?? this.membership?.userId ?? null
  }

  /** The acting membership; an actor without one is refused (403). */
  membershipOrFail(): Membership {
    if (!this.membership) {
      throw new ActionError('You are not a member of this organization.', undefined, {
        status: 403,
      })
    }
    return this.membership
  }

  /** The signed-in person; an actor without one is refused (401). */
  userOrFail(): User {
    if (!this.user) throw new ActionError('Please sign in first.', undefined, { status: 401 })
    return this.user
  }

  /** The organization to work in; an actor without one is refused (403). */
  organizationOrFail(): Organization {
    if (!this.organization) {
      throw new ActionError('Choose an organization first.', undefined, { status: 403 })
    }
    return this.organization
  }
}

declare module '@adonisjs/core/http' {
  interface HttpContext {
    /** Who sends the request (app/actions/actor.ts): the first argument of every action. */
    actor: Actor
  }
}
