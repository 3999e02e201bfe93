import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import AuditEvent from '#models/audit_event'
import { GENESIS_HASH, appendAuditEvent, appendAuditEvents } from '#services/audit/audit_trail'
import { describeChainReport, verifyChain } from '#services/audit/verify_chain'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createOrganization } from '#tests/helpers/factories'
import { runCommand } from '#tests/helpers/ace_commands'
import { LIFECYCLE_ACTIONS, breakChainHead, runTicketLifecycle } from '#tests/helpers/audit'
import Actor from '#actions/actor'

/**
 * The chain check on untouched data, and PostgreSQL refusing to change the
 * trail. (Tampering needs a superuser and committed rows: tamper.spec.ts.)
 */
test.group('Audit chain verification', (group) => {
  isolateEachTest(group)

  test('a ticket lifecycle leaves a chain that verifies', async ({ assert }) => {
    const organization = await createOrganization()
    await runTicketLifecycle(organization)

    const report = await verifyChain(organization.id)
    assert.deepEqual(report, {
      organizationId: organization.id,
      events: LIFECYCLE_ACTIONS.length,
      ok: true,
    })
    assert.equal(describeChainReport(report), '8 events, chain OK')
  })

  test('reads long chains in batches', async ({ assert }) => {
    const organization = await createOrganization()
    for (let index = 0; index < 7; index++) {
      await appendAuditEvent(
        {
          organizationId: organization.id,
          action: 'test.batch',
          subjectType: 'test',
          subjectId: index,
          after: { index, nested: { b: [1, 2], a: 'ü' } },
        },
        Actor.system()
      )
    }
    const progress: number[] = []
    const report = await verifyChain(organization.id, {
      batchSize: 3,
      onProgress: (checked) => progress.push(checked),
    })
    assert.isTrue(report.ok)
    assert.equal(report.events, 7)
    assert.deepEqual(progress, [3, 6, 7])
  })

  test('dates in an event are hashed as they are stored; events appended together chain in order', async ({
    assert,
  }) => {
    const organization = await createOrganization()
    const at = new Date('2026-11-30T09:10:00.000Z')
    await appendAuditEvent(
      {
        organizationId: organization.id,
        action: 'test.dated',
        subjectType: 'test',
        after: { at, when: DateTime.fromJSDate(at).setZone('Europe/Paris') },
      },
      Actor.system()
    )
    await db.transaction((trx) =>
      appendAuditEvents(
        [0, 1, 2].map((index) => ({
          organizationId: organization.id,
          action: 'test.together',
          subjectType: 'test',
          subjectId: index,
          after: { index, at },
        })),
        Actor.system(),
        trx
      )
    )
    await appendAuditEvent(
      { organizationId: organization.id, action: 'test.after', subjectType: 'test' },
      Actor.system()
    )

    assert.deepEqual(await verifyChain(organization.id), {
      organizationId: organization.id,
      events: 5,
      ok: true,
    })
    const events = await AuditEvent.query().where('organization_id', organization.id).orderBy('id')
    assert.deepEqual(
      events.map((event) => event.subjectId),
      [null, '0', '1', '2', null]
    )
    assert.equal(events[1].after!.at, '2026-11-30T09:10:00.000Z')
  })

  test('an organization without events verifies, and chains are per organization', async ({
    assert,
  }) => {
    const empty = await createOrganization()
    assert.deepEqual(await verifyChain(empty.id), {
      organizationId: empty.id,
      events: 0,
      ok: true,
    })

    const acme = await createOrganization()
    const globex = await createOrganization()
    await runTicketLifecycle(acme)
    await runTicketLifecycle(globex)
    const [first] = await AuditEvent.query().where('organization_id', globex.id).orderBy('id')
    assert.equal(first.prevHash, GENESIS_HASH, 'each organization starts its own chain')
    const reports = await Promise.all([verifyChain(acme.id), verifyChain(globex.id)])
    assert.deepEqual(
      reports.map((report) => report.ok),
      [true, true]
    )
  })

  test('UPDATE, DELETE and TRUNCATE on audit_events are refused by PostgreSQL', async ({
    assert,
  }) => {
    const organization = await createOrganization()
    await runTicketLifecycle(organization)
    const event = await AuditEvent.query().where('organization_id', organization.id).firstOrFail()

    // Each statement in its own savepoint: a failed one would abort the test's transaction.
    const attempt = (sql: string, bindings: any[] = []) =>
      db.transaction((trx) => trx.rawQuery(sql, bindings))

    await assert.rejects(
      () =>
        attempt(`UPDATE audit_events SET after = '{"status":"closed"}' WHERE id = ?`, [event.id]),
      /audit_events is append-only: UPDATE is not allowed/
    )
    await assert.rejects(
      () => attempt('DELETE FROM audit_events WHERE id = ?', [event.id]),
      /audit_events is append-only: DELETE is not allowed/
    )
    await assert.rejects(
      () => attempt('TRUNCATE audit_events'),
      /audit_events is append-only: TRUNCATE is not allowed/
    )
    await assert.rejects(
      () =>
        attempt('UPDATE audit_events SET ip = NULL WHERE organization_id = ?', [organization.id]),
      /append-only/
    )

    const unchanged = await AuditEvent.findOrFail(event.id)
    assert.equal(unchanged.hash, event.hash)
    const { ok } = await verifyChain(organization.id)
    assert.isTrue(ok)
  })

  test('a chain head that does not match the last event is reported', async ({ assert }) => {
    const organization = await createOrganization()
    await runTicketLifecycle(organization)
    const last = await breakChainHead(organization)

    const report = await verifyChain(organization.id)
    assert.isFalse(report.ok)
    assert.equal(report.firstBroken?.id, Number(last.id))
    assert.equal(report.firstBroken?.action, 'ticket.close')
    assert.include(report.firstBroken!.reason, 'chain head does not match the last event')
  })

  test('audit:verify reports each organization, or one', async ({ assert }) => {
    const organization = await createOrganization()
    await runTicketLifecycle(organization)

    const one = await runCommand('audit:verify', [`--org=${organization.slug}`])
    assert.equal(one.command.exitCode, 0, one.output)
    assert.include(one.output, `${organization.slug}: 8 events, chain OK`)

    const all = await runCommand('audit:verify')
    assert.include(all.output, `${organization.slug}: 8 events, chain OK`)
  })

  test('audit:verify fails on a broken chain, naming the event', async ({ assert }) => {
    const organization = await createOrganization()
    await runTicketLifecycle(organization)
    const last = await breakChainHead(organization)

    const { command, stderr } = await runCommand('audit:verify', [`--org=${organization.slug}`])
    assert.equal(command.exitCode, 1)
    assert.lengthOf(stderr, 1)
    assert.include(stderr[0], `chain broken at event #${last.id} (ticket.close, `)
  })

  test('audit:verify refuses an unknown organization', async ({ assert }) => {
    const { command, stderr } = await runCommand('audit:verify', ['--org=no-such-org'])
    assert.equal(command.exitCode, 1)
    assert.deepEqual(stderr, [
      '[ red(error) ] No organization has the slug "no-such-org" (see atum:org:list)',
    ])
  })
})
