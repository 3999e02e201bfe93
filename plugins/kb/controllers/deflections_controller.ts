import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import KbArticle from '../models/kb_article.js'
import RecordFeedback from '../actions/record_feedback.js'
import { visibilitiesFor } from '../services/audience.js'
import { kbSettingsFor } from '../services/kb_settings.js'
import { searchArticles } from '../services/search.js'

const subjectValidator = vine.compile(
  vine.object({ subject: vine.string().trim().maxLength(200).optional() })
)

/**
 * Deflection: while a signed-in member types the subject of a new request,
 * the portal form asks for matching articles (htmx); "This solved my
 * problem" is counted per article, and the request is not sent.
 */
export default class DeflectionsController {
  /** The articles matching a subject, as the fragment below the form's fields. */
  async suggestions(ctx: HttpContext) {
    const { request, view } = ctx
    const membership = ctx.membership
    const [invalid, input] = await subjectValidator.tryValidate(request.qs())
    const subject = invalid ? '' : (input.subject ?? '')
    if (!membership || subject.length < 3) {
      return view.render('kb::partials/suggestions', { hits: [], subject })
    }
    const { language } = await kbSettingsFor(membership.organizationId)
    const { hits } = await searchArticles({
      organizationId: membership.organizationId,
      q: subject,
      language,
      visibilities: visibilitiesFor(membership.isStaff ? 'staff' : 'customer'),
      limit: 5,
      anyWord: true,
      snippets: true,
    })
    return view.render('kb::partials/suggestions', { hits, subject })
  }

  /**
   * "This solved my problem": the button submits the new-request form
   * here (its subject comes along); the deflection is counted and the
   * member reads the article, the request unsent.
   */
  async solved(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const membership = ctx.membership
    if (!membership) return response.redirect().toRoute('portal.home')
    const article = await KbArticle.query()
      .where('organization_id', membership.organizationId)
      .where('id', Number(ctx.params.id))
      .where('status', 'published')
      .whereIn('visibility', visibilitiesFor(membership.isStaff ? 'staff' : 'customer'))
      .firstOrFail()
    const [, input] = await subjectValidator.tryValidate({
      subject: String(request.input('subject') ?? '').slice(0, 200),
    })
    await RecordFeedback.deflection(article, auth.use('web').user!.id, input?.subject ?? '')
    session.flash('success', 'Glad this answered your question. Your request was not sent.')
    return response.redirect().toRoute('kb.help.article', {
      organization: membership.organization.slug,
      article: article.slug,
    })
  }
}
