import { once } from 'node:events'
import { connect } from 'node:net'
import { test } from '@japa/runner'
import { setTimeout as sleep } from 'node:timers/promises'
import Ticket from '#models/ticket'
import CreateAccessToken from '#actions/tokens/create_access_token'
import { createTeam } from '#tests/helpers/factories'
import { startAppProcess, startRedisServer } from '#tests/helpers/app_process'
import { LiveSession } from '#tests/helpers/live_client'
import {
  closeSuperuserConnection,
  removeCommittedOrganizations,
} from '#tests/helpers/postgres_superuser'
import Actor from '#actions/actor'

/**
 * Web processes started from source, as in production (sessions in Redis),
 * sharing a Redis server of the test's own. Their rows are committed (the
 * processes cannot see a test's transaction) and removed at the end.
 */
const committed: number[] = []

async function productionLikeTeam() {
  const team = await createTeam({ name: 'Live Two Processes' })
  committed.push(team.organization.id)
  const { value: token } = await CreateAccessToken.handle(Actor.system(), {
    user: team.customer.user,
    organization: team.organization,
    name: 'live test',
  })
  return { ...team, token }
}

function openTicket(url: string, token: string, body: BodyInit) {
  return fetch(`${url}/api/v1/tickets`, {
    method: 'POST',
    headers: {
      'authorization': `Bearer ${token}`,
      'content-type': 'application/json',
      'accept': 'application/json',
    },
    body,
  })
}

test.group('Live: several web processes', (group) => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>
  group.setup(async () => {
    redis = await startRedisServer()
    return () => redis.stop()
  })
  // Other tests count tickets: the committed organizations go (as superuser:
  // their audit trail is append-only for the app's role).
  group.teardown(async () => {
    try {
      await removeCommittedOrganizations(committed.splice(0))
    } finally {
      await closeSuperuserConnection()
    }
  })
  const env = () => ({ REDIS_PORT: String(redis.port), REDIS_DB: '0', SESSION_DRIVER: 'redis' })

  test('an event of one web process reaches a subscriber connected to another', async ({
    assert,
  }) => {
    const team = await productionLikeTeam()
    const [first, second] = await Promise.all([startAppProcess(env()), startAppProcess(env())])
    try {
      // The agent signs in on the first process and listens on the second.
      const session = await new LiveSession(first.url).signIn(team.agent.user.email)
      const stream = await session.on(second.url).openStream()
      const desk = `orgs/${team.organization.id}/desk`
      assert.equal(await stream.subscribe(desk), 204)

      const response = await openTicket(
        first.url,
        team.token,
        JSON.stringify({ subject: 'Across processes', description: 'Seen on the other one?' })
      )
      assert.equal(response.status, 201)
      const { data } = (await response.json()) as { data: { number: string } }
      const ticket = await Ticket.query()
        .where('organization_id', team.organization.id)
        .where('number', Ticket.parseReference(data.number)!)
        .firstOrFail()

      const message = await stream.next(desk, (payload) => payload.ticketId === ticket.id)
      assert.deepEqual(message.payload, { kind: 'ticket.created', ticketId: ticket.id })
      assert.notInclude(JSON.stringify(stream.messages), 'Across processes')

      // A subscription made on the second process is refused there as on the first.
      assert.equal(await stream.subscribe(`orgs/${team.organization.id + 1000}/desk`), 400)
      stream.close()
    } finally {
      await Promise.all([first.stop(), second.stop()])
    }
  }).timeout(90_000)

  test('SIGTERM: streams are closed, the request in flight finishes, the process exits', async ({
    assert,
  }) => {
    const team = await productionLikeTeam()
    const app = await startAppProcess(env())
    try {
      const session = await new LiveSession(app.url).signIn(team.agent.user.email)
      const stream = await session.openStream()
      assert.equal(await stream.subscribe(`orgs/${team.organization.id}/desk`), 204)

      // A request whose body is still arriving when the signal comes
      // (written on a socket: headers and half the body now, the rest later).
      const json = JSON.stringify({
        subject: 'Sent during shutdown',
        description: 'Still accepted.',
      })
      const socket = connect(Number(new URL(app.url).port), '127.0.0.1')
      await once(socket, 'connect')
      socket.write(
        [
          'POST /api/v1/tickets HTTP/1.1',
          `Host: 127.0.0.1`,
          `Authorization: Bearer ${team.token}`,
          'Content-Type: application/json',
          'Accept: application/json',
          `Content-Length: ${Buffer.byteLength(json)}`,
          'Connection: close',
          '',
          json.slice(0, 20),
        ].join('\r\n')
      )
      let answer = ''
      socket.on('data', (chunk) => (answer += chunk))
      const answered = once(socket, 'end')
      await sleep(300)

      const exited = once(app.process, 'exit')
      const signalledAt = Date.now()
      app.process.kill('SIGTERM')

      // The stream ends at once, so the browser reconnects elsewhere.
      await Promise.race([
        stream.ended,
        sleep(3000).then(() => assert.fail('the event stream was not closed')),
      ])
      assert.isBelow(Date.now() - signalledAt, 3000)
      // No new connection is taken.
      await sleep(200)
      await assert.rejects(() => fetch(`${app.url}/health/live`))

      socket.write(json.slice(20))
      await answered
      assert.match(answer, /^HTTP\/1\.1 201 /)
      assert.include(answer, '"subject":"Sent during shutdown"')

      const [code] = (await Promise.race([
        exited,
        sleep(15_000).then(() => assert.fail('the process did not exit')),
      ])) as [number | null]
      assert.equal(code, 0)
    } finally {
      await app.stop()
    }
  }).timeout(90_000)
})
