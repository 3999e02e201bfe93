import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { Role } from '#models/membership'

/** The staff roles a desk route may ask for at least. */
export type DeskRole = Extract<Role, 'agent' | 'manager' | 'admin'>

const ROLE_PAGES: Record<DeskRole, string> = {
  agent: 'staff',
  manager: 'managers and admins',
  admin: 'admins',
}

/**
 * The staff desk: signed-in staff of the current organization. Customers
 * and people without an organization get a page that says why, not a crash.
 * With `{ role }`, only staff with at least that role get through (the
 * plugin kit's manager and admin guards).
 */
export default class DeskMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { role?: DeskRole } = {}) {
    if (!ctx.auth.use('web').isAuthenticated) {
      if (ctx.request.method() === 'GET') ctx.session.put('intendedUrl', ctx.request.url(true))
      return ctx.response.redirect().toRoute('login')
    }
    if (!ctx.membership) {
      return refuse(
        ctx,
        'No organization yet',
        'Your account is not a member of any organization. Ask an administrator to invite you.'
      )
    }
    if (await ctx.bouncer.denies('accessDesk')) {
      return refuse(
        ctx,
        'The desk is for staff',
        'Your requests and their answers are in the help center.'
      )
    }
    if (options.role && !ctx.membership.hasAtLeast(options.role)) {
      return refuse(
        ctx,
        `This page is for ${ROLE_PAGES[options.role]}`,
        'Ask an administrator of your organization if you need it.'
      )
    }
    return next()
  }
}

async function refuse(ctx: HttpContext, title: string, message: string) {
  const html = await ctx.view.render('pages/errors/error', { status: 403, title, message })
  return ctx.response.status(403).send(html)
}
