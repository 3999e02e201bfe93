/**
 * HTML forms send every field as text: tags as one comma-separated line,
 * an untouched select or input as "". These turn a desk form's body into
 * what the ticket validators (shared with the JSON API) expect.
 */

/** "printer, Floor 2" → ["printer", "Floor 2"] (normalized later by the action). */
export function splitTags(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String)
  // An emptied field arrives as null (the body parser turns "" into null).
  if (value === null) return []
  if (typeof value !== 'string') return undefined
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)
}

/** Opening a ticket: empty optional fields are left out. */
export function ticketFormInput(body: Record<string, unknown>) {
  return {
    subject: body.subject,
    description: body.description,
    priority: body.priority || undefined,
    category: body.category || undefined,
    tags: splitTags(body.tags),
  }
}

/**
 * Changing a ticket: only the fields the form had are changed; an emptied
 * category or a "nobody" assignee become null.
 */
export function ticketUpdateInput(body: Record<string, unknown>) {
  const input: Record<string, unknown> = {}
  if (body.priority !== undefined) input.priority = body.priority || undefined
  if (body.category !== undefined) input.category = body.category || null
  if (body.tags !== undefined) input.tags = splitTags(body.tags)
  if (body.assignee_id !== undefined) input.assignee_id = body.assignee_id || null
  return input
}
