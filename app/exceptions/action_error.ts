import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * A business rule refused a request (an email already taken, a customer
 * joining a second organization, …). Nothing was changed. The message is
 * written for the user:
 * - the API answers `{errors:[{field?,message}]}` with the status (422 by default);
 * - a page goes back to its form, filled in, with the message beside the
 *   field (or on top when no field is named);
 * - ace commands print it and exit non-zero.
 */
export default class ActionError extends Exception {
  static status = 422
  static code = 'E_ATUM_ACTION'

  constructor(
    message: string,
    public field?: string,
    options?: { status?: number }
  ) {
    super(message, { status: options?.status ?? ActionError.status, code: ActionError.code })
  }

  async handle(error: this, ctx: HttpContext) {
    if (ctx.request.url().startsWith('/api/')) {
      const entry = error.field
        ? { field: error.field, message: error.message }
        : { message: error.message }
      return ctx.response.status(error.status).send({ errors: [entry] })
    }

    ctx.session.flashExcept(['password', 'password_confirmation', 'current_password', '_csrf'])
    if (error.field) {
      ctx.session.flash('inputErrorsBag', { [error.field]: [error.message] })
    } else {
      ctx.session.flash('error', error.message)
    }
    return ctx.response.redirect().back()
  }
}
