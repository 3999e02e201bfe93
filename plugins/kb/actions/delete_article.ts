import db from '@adonisjs/lucid/services/db'
import { bouncerFor, guard } from '#kit/policies'
import type Actor from '#actions/actor'
import { lockedRow } from '#actions/locked_rows'
import KbArticle from '../models/kb_article.js'
import KbArticlePolicy from '../policies/kb_article_policy.js'
import { audit } from './save_article.js'

/** Deletes an article with its revisions, votes and deflections. Managers and admins. */
export default class DeleteArticle {
  static async handle(actor: Actor, { article }: { article: KbArticle }) {
    const membership = actor.membershipOrFail()
    await guard(bouncerFor(membership).with(KbArticlePolicy).authorize('delete', article))
    await db.transaction(async (trx) => {
      const locked = await lockedRow(KbArticle, membership.organizationId, article.id, trx)
      await audit(locked, 'kb_article.deleted', actor, trx, {}, { title: locked.title })
      locked.useTransaction(trx)
      await locked.delete()
    })
  }
}
