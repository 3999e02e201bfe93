import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import AuditEvent from '#models/audit_event'
import type Organization from '#models/organization'
import { appendAuditEvent, eventHash } from '#services/audit/audit_trail'
import { verifyChain } from '#services/audit/verify_chain'
import { createOrganization } from '#tests/helpers/factories'
import { runAceProcess } from '#tests/helpers/ace_commands'
import { runTicketLifecycle } from '#tests/helpers/audit'
import {
  closeSuperuserConnection,
  removeCommittedOrganizations,
  tamperWithAuditEvents,
} from '#tests/helpers/postgres_superuser'
import Actor from '#actions/actor'

/*
| Tampering as the acceptance scenario describes it: a superuser switches
| the append-only trigger off and changes rows through SQL. The rows must
| be COMMITTED (a separate `node ace audit:verify` process has to see
| them), so this group runs outside the per-test transaction, each test on
| an organization of its own, removed again (as superuser) at the end.
*/
test.group('Audit chain tampering (committed data, PostgreSQL superuser)', (group) => {
  const created: number[] = []
  const newOrganization = async () => {
    const organization = await createOrganization()
    created.push(organization.id)
    return organization
  }
  group.teardown(async () => {
    try {
      await removeCommittedOrganizations(created)
    } finally {
      await closeSuperuserConnection()
    }
  })

  const eventsOf = (organization: Organization) =>
    AuditEvent.query().where('organization_id', organization.id).orderBy('id')

  test('one row changed through SQL breaks the chain at that row, and audit:verify exits non-zero naming it', async ({
    assert,
  }) => {
    const organization = await newOrganization()
    await runTicketLifecycle(organization)
    const { ok } = await verifyChain(organization.id)
    assert.isTrue(ok)

    const events = await eventsOf(organization)
    const target = events.find((event) => event.action === 'ticket.accept')!
    await tamperWithAuditEvents(
      `UPDATE audit_events SET after = '{"status":"closed"}' WHERE id = ?`,
      [target.id]
    )
    const changed = await AuditEvent.findOrFail(target.id)
    assert.deepEqual(changed.after, { status: 'closed' }, 'the tamper was committed')

    const report = await verifyChain(organization.id)
    assert.isFalse(report.ok)
    assert.equal(report.firstBroken?.id, Number(target.id))
    assert.equal(report.firstBroken?.action, 'ticket.accept')
    assert.include(report.firstBroken!.reason, 'does not match its hash')

    // As an operator runs it: a process of its own, reading committed rows.
    const { exitCode, stdout, stderr } = await runAceProcess([
      'audit:verify',
      `--org=${organization.slug}`,
    ])
    const output = `${stdout}${stderr}`
    assert.notEqual(exitCode, 0, output)
    assert.include(
      stderr,
      `${organization.slug}: chain broken at event #${target.id} (ticket.accept, `
    )
    assert.include(stderr, target.createdAt.toUTC().toFormat('yyyy-LL-dd HH:mm:ss'))
    assert.include(stderr, 'does not match its hash')
    assert.notMatch(output, /^\s+at /m, 'no stack trace')
  }).timeout(60_000)

  test('a deleted row is detected at the row after it', async ({ assert }) => {
    const organization = await newOrganization()
    await runTicketLifecycle(organization)
    const events = await eventsOf(organization)
    const [, , removed, next] = events
    await tamperWithAuditEvents('DELETE FROM audit_events WHERE id = ?', [removed.id])

    const report = await verifyChain(organization.id)
    assert.isFalse(report.ok)
    assert.equal(report.firstBroken?.id, Number(next.id))
    assert.include(report.firstBroken!.reason, `is not the hash of event #${events[1].id}`)
  })

  test('deleting the first or the last rows is detected too', async ({ assert }) => {
    const head = await newOrganization()
    await runTicketLifecycle(head)
    const [first, second] = await eventsOf(head)
    await tamperWithAuditEvents('DELETE FROM audit_events WHERE id = ?', [first.id])
    const headReport = await verifyChain(head.id)
    assert.equal(headReport.firstBroken?.id, Number(second.id))
    assert.include(headReport.firstBroken!.reason, 'does not start the chain')

    const tail = await newOrganization()
    await runTicketLifecycle(tail)
    const events = await eventsOf(tail)
    const last = events.at(-1)!
    const beforeLast = events.at(-2)!
    await tamperWithAuditEvents('DELETE FROM audit_events WHERE id = ?', [last.id])
    const tailReport = await verifyChain(tail.id)
    assert.isFalse(tailReport.ok)
    assert.equal(tailReport.firstBroken?.id, Number(beforeLast.id))
    assert.include(tailReport.firstBroken!.reason, 'chain head does not match the last event')
  })

  test('a re-chained forgery (changed row with its own hash recomputed) is detected', async ({
    assert,
  }) => {
    const organization = await newOrganization()
    await runTicketLifecycle(organization)
    const events = await eventsOf(organization)
    const index = events.findIndex((event) => event.action === 'ticket.assign')
    const forged = events[index]
    const next = events[index + 1]

    const after = { ...forged.after, assignee_id: null }
    const hash = eventHash(forged.prevHash, {
      organizationId: forged.organizationId,
      actorId: forged.actorId,
      action: forged.action,
      subjectType: forged.subjectType,
      subjectId: forged.subjectId,
      before: forged.before,
      after,
      ip: forged.ip,
      userAgent: forged.userAgent,
      createdAt: forged.createdAt,
    })
    await tamperWithAuditEvents('UPDATE audit_events SET after = ?, hash = ? WHERE id = ?', [
      JSON.stringify(after),
      hash,
      forged.id,
    ])

    const report = await verifyChain(organization.id)
    assert.isFalse(report.ok)
    assert.equal(report.firstBroken?.id, Number(next.id), 'the forged row itself checks out')
    assert.include(report.firstBroken!.reason, `is not the hash of event #${forged.id}`)
  })

  test('20 concurrent appends to one organization still form one valid chain', async ({
    assert,
  }) => {
    const organization = await newOrganization()
    const other = await newOrganization()
    // Separate transactions (no test transaction here), all at once, on two organizations.
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        appendAuditEvent(
          {
            organizationId: index % 5 === 4 ? other.id : organization.id,
            action: 'test.concurrent',
            subjectType: 'test',
            subjectId: index,
            after: { index, at: DateTime.now().toISO() },
          },
          Actor.system()
        )
      )
    )
    // Appends while a verification reads the chain: it must not see a false break.
    const [during] = await Promise.all([
      verifyChain(organization.id, { batchSize: 2 }),
      ...Array.from({ length: 20 }, (_, index) =>
        appendAuditEvent(
          {
            organizationId: organization.id,
            action: 'test.concurrent',
            subjectType: 'test',
            subjectId: 100 + index,
          },
          Actor.system()
        )
      ),
    ])
    assert.isTrue(during.ok, JSON.stringify(during))

    const report = await verifyChain(organization.id)
    assert.deepEqual(report, { organizationId: organization.id, events: 36, ok: true })
    assert.deepEqual(await verifyChain(other.id), {
      organizationId: other.id,
      events: 4,
      ok: true,
    })
    const events = await eventsOf(organization)
    assert.equal(new Set(events.map((event) => event.prevHash)).size, events.length, 'no fork')
  }).timeout(60_000)
})
