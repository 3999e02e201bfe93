import type { LucidModel } from '@adonisjs/lucid/types/model'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * An organization's rows of a tenant-owned model, read inside the
 * transaction and locked (FOR UPDATE) until it commits: whoever changes
 * them at the same time waits, then reads what was committed. Narrow it
 * further as needed (`.where('role', 'admin')`).
 */
export function lockedRows<Model extends LucidModel>(
  model: Model,
  organizationId: number,
  trx: TransactionClientContract
) {
  return model.query({ client: trx }).where('organization_id', organizationId).forUpdate()
}

/**
 * One row of the organization, read again and locked for the rest of the
 * transaction, so a rule is checked on what is current (a ticket closed
 * meanwhile, an article published meanwhile). Another organization's row,
 * or one deleted meanwhile, is not found (404).
 */
export function lockedRow<Model extends LucidModel>(
  model: Model,
  organizationId: number,
  id: number | string,
  trx: TransactionClientContract
): Promise<InstanceType<Model>> {
  return lockedRows(model, organizationId, trx).where('id', id).firstOrFail()
}
