import type { HttpContext } from '@adonisjs/core/http'
import { auditActorFrom } from '#kit/audit'
import KbCategory from '../models/kb_category.js'
import SaveCategory from '../actions/save_category.js'
import DeleteCategory from '../actions/delete_category.js'
import KbCategoryPolicy from '../policies/kb_category_policy.js'
import { categoryFormInput, categoryValidator } from '../validators.js'

/**
 * The desk's categories page: the tree (one level) with a form to add a
 * category and one per category to rename, move or delete it.
 */
export default class DeskCategoriesController {
  async index({ view, membership, bouncer }: HttpContext) {
    const categories = await KbCategory.query()
      .where('organization_id', membership!.organizationId)
      .orderBy('position')
      .orderBy('name')
      .limit(500)
    const counts = await KbCategory.query()
      .where('kb_categories.organization_id', membership!.organizationId)
      .join('kb_articles', 'kb_articles.category_id', 'kb_categories.id')
      .groupBy('kb_categories.id')
      .select('kb_categories.id')
      .count('kb_articles.id as total')
    const articleCounts = new Map(
      counts.map((row) => [row.id, Number((row.$extras as { total: string }).total)])
    )
    const topLevel = categories.filter((category) => category.parentId === null)
    return view.render('kb::desk/categories/index', {
      tree: topLevel.map((category) => ({
        category,
        children: categories.filter((child) => child.parentId === category.id),
      })),
      topLevel,
      articleCounts,
      canManage: await bouncer.with(KbCategoryPolicy).allows('manage'),
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const input = await categoryValidator.validate(categoryFormInput(request.all()))
    await ctx.bouncer.with(KbCategoryPolicy).authorize('manage')
    const category = await SaveCategory.handle(
      ctx.membership!,
      {
        name: input.name,
        description: input.description,
        parentId: input.parent_id,
        position: input.position,
      },
      auditActorFrom(ctx, auth.use('web').user!)
    )
    session.flash('success', `Category "${category.name}" added.`)
    return response.redirect().toRoute('kb.desk.categories.index')
  }

  async update(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const category = await findCategory(ctx)
    const input = await categoryValidator.validate(categoryFormInput(request.all()))
    await ctx.bouncer.with(KbCategoryPolicy).authorize('manage', category)
    await SaveCategory.handle(
      ctx.membership!,
      {
        name: input.name,
        description: input.description,
        parentId: input.parent_id ?? null,
        position: input.position,
      },
      auditActorFrom(ctx, auth.use('web').user!),
      category
    )
    session.flash('success', 'Category saved.')
    return response.redirect().toRoute('kb.desk.categories.index')
  }

  async destroy(ctx: HttpContext) {
    const { response, session, auth } = ctx
    const category = await findCategory(ctx)
    await ctx.bouncer.with(KbCategoryPolicy).authorize('manage', category)
    await DeleteCategory.handle(
      category,
      ctx.membership!,
      auditActorFrom(ctx, auth.use('web').user!)
    )
    session.flash('success', `Category "${category.name}" deleted.`)
    return response.redirect().toRoute('kb.desk.categories.index')
  }
}

function findCategory(ctx: HttpContext) {
  return KbCategory.query()
    .where('organization_id', ctx.membership!.organizationId)
    .where('id', Number(ctx.params.id))
    .firstOrFail()
}
