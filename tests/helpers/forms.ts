import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import type Ticket from '#models/ticket'

/**
 * A page's form posted by a signed-in user, as the browser sends it: with
 * the CSRF token, and the redirect not followed (the test sees the 302,
 * its location and the flash messages). Chain the body, .form({ … }) or
 * .field(…)/.file(…), and .header('HX-Request', 'true') for an htmx post.
 */
export function postForm(client: ApiClient, user: User, path: string) {
  return client.post(path).loginAs(user).withCsrfToken().redirects(0)
}

/** A form of the desk ticket page, /desk/tickets/:number/{transitions,comments,details}. */
export function deskForm(
  client: ApiClient,
  user: User,
  ticket: Ticket,
  form: 'transitions' | 'comments' | 'details'
) {
  return postForm(client, user, `/desk/tickets/${ticket.reference}/${form}`)
}

/** The reply form of the portal's ticket page, /tickets/:number/comments. */
export function portalReplyForm(client: ApiClient, user: User, ticket: Ticket) {
  return postForm(client, user, `/tickets/${ticket.reference}/comments`)
}
