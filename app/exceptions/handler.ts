import app from '@adonisjs/core/services/app'
import { HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { errors as vineErrors } from '@vinejs/vine'
import { errors as bouncerErrors } from '@adonisjs/bouncer'
import ActionError from '#exceptions/action_error'
import { refusalAsActionError } from '#policies/kit'

/**
 * Renders every error the app lets escape:
 * - /api/* requests always get JSON: `{errors:[{field?,message}]}`, 422 for
 *   validation errors, and a generic message for server errors;
 * - pages get a friendly ATUM error page;
 * - a policy's Refusal (app/policies/kit.ts) answers like an ActionError:
 *   the form again with its message (403 `{errors:[{field?,message}]}`
 *   for the API); a bare denial is the 403 page.
 * Stack traces (Youch) are shown in development only: no stack trace, SQL or
 * file path reaches a user in test or production.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = app.inDev
  protected renderStatusPages = !app.inDev

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '400..499': (error, { view, response }) => {
      const status = Number(error.status) || 400
      response.status(status)
      return view.render('pages/errors/error', { status })
    },
    '500..599': (error, { view, response }) => {
      response.status(Number(error.status) || 500)
      return view.render('pages/errors/error', { status: 500 })
    },
  }

  async handle(error: unknown, ctx: HttpContext) {
    // A policy's refusal that explains itself answers like an action's.
    const refusal = refusalAsActionError(error)
    if (refusal) return refusal.handle(refusal, ctx)
    if (isApiRequest(ctx)) {
      return this.renderApiError(error, ctx)
    }
    // A bare denial: bouncer answers "Access denied"; pages get the friendly one.
    if (error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE && !this.debug) {
      const html = await ctx.view.render('pages/errors/error', { status: 403 })
      return ctx.response.status(403).send(html)
    }
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }

  private renderApiError(error: unknown, ctx: HttpContext) {
    // An action's refusal renders itself, keeping the field it names.
    if (error instanceof ActionError) return error.handle(error, ctx)
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      const messages = error.messages as Array<{ field: string; message: string }>
      return ctx.response.status(422).send({
        errors: messages.map(({ field, message }) => ({ field, message })),
      })
    }

    const status = statusOf(error)
    const message =
      status >= 500 ? 'Something went wrong on our side.' : publicMessageFor(status, error)
    return ctx.response.status(status).send({ errors: [{ message }] })
  }
}

function isApiRequest(ctx: HttpContext) {
  return ctx.request.url().startsWith('/api/')
}

function statusOf(error: unknown): number {
  const status = Number((error as { status?: unknown })?.status)
  return Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500
}

const API_MESSAGES: Record<number, string> = {
  401: 'Authentication required.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  405: 'Method not allowed.',
  413: 'The request is too large.',
  429: 'Too many requests. Try again later.',
}

/**
 * Client errors raised by our own code carry a message written for the
 * user; framework errors (route not found, body too large, …) get a fixed
 * wording that names nothing internal.
 */
function publicMessageFor(status: number, error: unknown) {
  const code = (error as { code?: unknown })?.code
  const ownMessage = typeof code === 'string' && code.startsWith('E_ATUM_')
  if (ownMessage && error instanceof Error) return error.message
  return API_MESSAGES[status] ?? 'The request could not be processed.'
}
