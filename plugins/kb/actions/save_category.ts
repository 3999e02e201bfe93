import db from '@adonisjs/lucid/services/db'
import ActionError from '#exceptions/action_error'
import { bouncerFor, guard } from '#kit/policies'
import { appendAuditEvent } from '#kit/audit'
import type Actor from '#actions/actor'
import KbCategory from '../models/kb_category.js'
import { slugify } from '../services/article_text.js'
import KbCategoryPolicy from '../policies/kb_category_policy.js'

export interface CategoryInput {
  /** The organization's category to change; a new one without. */
  category?: KbCategory
  name: string
  description?: string | null
  parentId?: number | null
  position?: number | null
}

/**
 * Creates or changes a category. Categories nest one level: the parent
 * must be a top-level category of the organization, and a category with
 * subcategories stays at the top. Managers and admins.
 */
export default class SaveCategory {
  static async handle(actor: Actor, { category: existing, ...input }: CategoryInput) {
    const membership = actor.membershipOrFail()
    await guard(bouncerFor(membership).with(KbCategoryPolicy).authorize('manage', existing))
    const organizationId = membership.organizationId

    return db.transaction(async (trx) => {
      let parentId: number | null = null
      if (input.parentId) {
        const parent = await KbCategory.query({ client: trx })
          .where('organization_id', organizationId)
          .where('id', input.parentId)
          .first()
        if (!parent || parent.id === existing?.id) {
          throw new ActionError('Choose one of the top-level categories.', 'parent_id')
        }
        if (parent.parentId !== null) {
          throw new ActionError('Categories nest one level: choose a top-level one.', 'parent_id')
        }
        if (existing) {
          const child = await KbCategory.query({ client: trx })
            .where('organization_id', organizationId)
            .where('parent_id', existing.id)
            .first()
          if (child) {
            throw new ActionError(
              'This category has subcategories, so it stays at the top level.',
              'parent_id'
            )
          }
        }
        parentId = parent.id
      }

      const base = slugify(input.name, 'category')
      let slug = existing && slugify(existing.name, 'category') === base ? existing.slug : base
      for (let n = 2; ; n++) {
        const clash = await KbCategory.query({ client: trx })
          .where('organization_id', organizationId)
          .where('slug', slug)
          .if(existing, (query) => query.whereNot('id', existing!.id))
          .first()
        if (!clash) break
        slug = `${base}-${n}`
      }

      const category = existing ?? new KbCategory()
      const before = existing ? { name: existing.name, parent_id: existing.parentId } : null
      category.merge({
        organizationId,
        name: input.name.trim(),
        slug,
        description: input.description?.trim() ?? '',
        parentId,
        position: input.position ?? existing?.position ?? 0,
      })
      category.useTransaction(trx)
      await category.save()
      await appendAuditEvent(
        {
          organizationId,
          action: existing ? 'kb_category.updated' : 'kb_category.created',
          subjectType: 'kb_category',
          subjectId: category.id,
          before,
          after: { name: category.name, parent_id: category.parentId },
        },
        actor,
        trx
      )
      return category
    })
  }
}
