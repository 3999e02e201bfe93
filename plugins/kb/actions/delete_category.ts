import db from '@adonisjs/lucid/services/db'
import ActionError from '#exceptions/action_error'
import { bouncerFor, guard } from '#kit/policies'
import { appendAuditEvent } from '#kit/audit'
import type Actor from '#actions/actor'
import KbCategory from '../models/kb_category.js'
import KbCategoryPolicy from '../policies/kb_category_policy.js'

/**
 * Deletes an empty-of-subcategories category; its articles stay, without
 * a category. Managers and admins.
 */
export default class DeleteCategory {
  static async handle(actor: Actor, { category }: { category: KbCategory }) {
    const membership = actor.membershipOrFail()
    await guard(bouncerFor(membership).with(KbCategoryPolicy).authorize('manage', category))
    await db.transaction(async (trx) => {
      const child = await KbCategory.query({ client: trx })
        .where('organization_id', membership.organizationId)
        .where('parent_id', category.id)
        .first()
      if (child) {
        throw new ActionError('Move or delete its subcategories first.')
      }
      await appendAuditEvent(
        {
          organizationId: membership.organizationId,
          action: 'kb_category.deleted',
          subjectType: 'kb_category',
          subjectId: category.id,
          before: { name: category.name },
        },
        actor,
        trx
      )
      category.useTransaction(trx)
      await category.delete()
    })
  }
}
