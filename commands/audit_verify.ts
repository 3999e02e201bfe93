import { flags } from '@adonisjs/core/ace'
import db from '@adonisjs/lucid/services/db'
import Organization from '#models/organization'
import { describeChainReport, verifyChain } from '#services/audit/verify_chain'
import AtumCommand from './_atum_command.js'

/** Chains at least this long report their progress, every this many events. */
const PROGRESS_STEP = 100_000

/**
 * Recomputes the audit trail's hash chain of every organization (or one)
 * and exits non-zero naming the first broken event.
 */
export default class AuditVerify extends AtumCommand {
  static commandName = 'audit:verify'
  static description = "Verify the audit trail's hash chain of every organization (or one)"
  static help = [
    'Recomputes the SHA-256 chain of audit events of each organization,',
    'in order: every event must link to the one before it and match its',
    'own hash, and the last one must be the recorded chain head.',
    '',
    '  {{ binaryName }} audit:verify',
    '  {{ binaryName }} audit:verify --org=acme',
    '',
    'Exits 1 naming the first broken event (id, action, time, reason).',
  ]

  @flags.string({ description: 'Slug of one organization (default: all of them)' })
  declare org?: string

  async run() {
    let organizations: Organization[]
    if (this.org !== undefined) {
      const organization = await this.findOrganization(this.org)
      if (!organization) return
      organizations = [organization]
    } else {
      organizations = await Organization.query().orderBy('id')
      if (organizations.length === 0) {
        this.logger.info('No organizations yet: nothing to verify.')
        return
      }
    }

    let brokenChains = 0
    for (const organization of organizations) {
      const total = await this.countEvents(organization.id)
      const report = await verifyChain(organization.id, {
        onProgress: (checked) => this.progress(organization, checked, total),
      })
      const line = `${organization.slug}: ${describeChainReport(report)}`
      if (report.ok) {
        this.logger.success(line)
      } else {
        brokenChains++
        this.logger.error(line)
      }
    }

    if (brokenChains > 0) {
      this.exitCode = 1
      if (organizations.length > 1) {
        this.logger.error(
          `${brokenChains} of ${organizations.length} organizations have a broken audit chain`
        )
      }
    }
  }

  #reported = new Map<number, number>()

  /** A line every PROGRESS_STEP events of a long chain (readable in logs too). */
  private progress(organization: Organization, checked: number, total: number) {
    if (total < PROGRESS_STEP || checked >= total) return
    const step = Math.floor(checked / PROGRESS_STEP)
    if (step === 0 || step === this.#reported.get(organization.id)) return
    this.#reported.set(organization.id, step)
    const percent = Math.floor((checked / total) * 100)
    this.logger.info(
      `${organization.slug}: ${checked.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events checked (${percent} %)`
    )
  }

  private async countEvents(organizationId: number) {
    const [{ count }] = await db
      .from('audit_events')
      .where('organization_id', organizationId)
      .count('* as count')
    return Number(count)
  }
}
