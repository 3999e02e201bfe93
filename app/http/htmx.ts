import type { HttpContext } from '@adonisjs/core/http'
import { ReadOnlyValuesStore } from '@adonisjs/session'
import { errors as vineErrors } from '@vinejs/vine'
import ActionError from '#exceptions/action_error'
import { refusalAsActionError } from '#policies/kit'

/**
 * Pages whose forms htmx submits in place: the same controller answers a
 * plain form (redirect) and a htmx request (an HTML fragment). These
 * helpers let a refused htmx submission show what the redirect would have
 * shown: the form filled in, the message beside the field.
 */

/** A request made by htmx (it sends `HX-Request: true`). */
export function isHtmx(request: HttpContext['request']) {
  return request.header('HX-Request') === 'true'
}

export interface FormProblem {
  status: number
  fields: Record<string, string[]>
  message?: string
}

/** The refusal a form met (invalid input, an action's or a policy's rule); null for anything else. */
export function formProblem(error: unknown): FormProblem | null {
  error = refusalAsActionError(error) ?? error
  if (error instanceof vineErrors.E_VALIDATION_ERROR) {
    const fields: Record<string, string[]> = {}
    for (const { field, message } of error.messages as Array<{ field: string; message: string }>) {
      ;(fields[field] ??= []).push(message)
    }
    return { status: 422, fields }
  }
  if (error instanceof ActionError) {
    return error.field
      ? { status: error.status, fields: { [error.field]: [error.message] } }
      : { status: error.status, fields: {}, message: error.message }
  }
  return null
}

/**
 * Shares with this request's views the flash messages a redirect would
 * have carried to the next page (the input and the errors), so templates
 * that read `flashMessages` and `old()` render the refused form as is.
 */
export function shareFormProblem(ctx: Pick<HttpContext, 'view' | 'request'>, problem: FormProblem) {
  const input = { ...ctx.request.all() }
  delete input._csrf
  const store = new ReadOnlyValuesStore({
    ...input,
    inputErrorsBag: problem.fields,
    ...(problem.message ? { error: problem.message } : {}),
  })
  ctx.view.share({
    flashMessages: store,
    old: (key: string, fallback?: unknown) => store.get(key, fallback),
  })
}

/**
 * A form submission that failed: a htmx request gets `render()` (its
 * fragment, showing the problem) with the refusal's status; a plain one
 * rethrows, and the exception handler sends it back to the form.
 */
export async function answerRefusal(
  ctx: Pick<HttpContext, 'view' | 'request' | 'response'>,
  error: unknown,
  render: () => Promise<string>
) {
  const problem = isHtmx(ctx.request) ? formProblem(error) : null
  if (!problem) throw error
  shareFormProblem(ctx, problem)
  ctx.response.status(problem.status)
  return render()
}
