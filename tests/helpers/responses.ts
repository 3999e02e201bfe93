import type { ApiResponse } from '@japa/api-client'

/** The field errors a form submission flashed back (VineJS or ActionError). */
export function inputErrors(response: ApiResponse): Record<string, string[]> {
  return (response.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
}
