import Organization from '#models/organization'
import ActionError from '#exceptions/action_error'
import type Actor from '#actions/actor'

export interface CreateOrganizationInput {
  name: string
  slug: string
  timeZone: string
}

/**
 * Creates a tenant. Input is validated by the caller (createOrganizationValidator).
 */
export default class CreateOrganization {
  static async handle(_actor: Actor, input: CreateOrganizationInput) {
    const taken = await Organization.findBy('slug', input.slug)
    if (taken) throw new ActionError(`The slug "${input.slug}" is already used.`, 'slug')
    return Organization.create(input)
  }
}
