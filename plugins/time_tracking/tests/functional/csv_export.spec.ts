import { test } from '@japa/runner'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import { runAceProcess, runCommand } from '#tests/helpers/ace_commands'
import { createEntry } from '../helpers/time.js'
import { neutralizeFormula } from '../../services/time_csv.js'

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const HEADER = 'Date,Ticket,Subject,Agent,Agent email,Minutes,Hours,Billable,Note\r\n'

/** Entries whose texts need quoting, escaping and the formula guard. */
async function trickyEntries() {
  const team = await createTeam({ name: 'Initech' })
  const printer = await createTicket(team.customer.membership, { subject: 'Printer, floor 2' })
  const minus = await createTicket(team.customer.membership, { subject: '-1 printers left' })
  const mallory = await createMember(team.organization, 'agent', { fullName: '@Mallory' })
  const alex = team.agent
  await createEntry(printer, alex.membership, {
    minutes: 30,
    workDate: '2026-11-01',
    note: 'He said "reboot", twice',
  })
  await createEntry(printer, mallory.membership, {
    minutes: 45,
    billable: false,
    workDate: '2026-11-02',
    note: '=HYPERLINK("http://evil.test","x")',
  })
  await createEntry(minus, alex.membership, {
    minutes: 60,
    workDate: '2026-11-03',
    note: 'line one\nline two',
  })
  await createEntry(minus, alex.membership, {
    minutes: 5,
    workDate: '2026-11-04',
    note: '+1 555 0100',
  })
  await createEntry(minus, alex.membership, {
    minutes: 10,
    workDate: '2026-11-05',
    note: 'cr\rinside',
  })
  await createEntry(minus, alex.membership, {
    minutes: 20,
    workDate: '2026-11-06',
    note: 'Ünïcödé ✓',
  })
  // Outside the range, and another organization's.
  await createEntry(minus, alex.membership, {
    minutes: 5,
    workDate: '2026-12-01',
    note: 'December',
  })
  const other = await createTeam({ name: 'Globex' })
  const theirs = await createTicket(other.customer.membership, { subject: 'Globex secret' })
  await createEntry(theirs, other.agent.membership, { workDate: '2026-11-03', note: 'Globex note' })

  const a = alex.user.email
  const m = mallory.user.email
  const expected =
    HEADER +
    `2026-11-01,${printer.reference},"Printer, floor 2",Alex Agent,${a},30,0.50,yes,"He said ""reboot"", twice"\r\n` +
    `2026-11-02,${printer.reference},"Printer, floor 2",'@Mallory,${m},45,0.75,no,"'=HYPERLINK(""http://evil.test"",""x"")"\r\n` +
    `2026-11-03,${minus.reference},'-1 printers left,Alex Agent,${a},60,1.00,yes,"line one\nline two"\r\n` +
    `2026-11-04,${minus.reference},'-1 printers left,Alex Agent,${a},5,0.08,yes,'+1 555 0100\r\n` +
    `2026-11-05,${minus.reference},'-1 printers left,Alex Agent,${a},10,0.17,yes,"cr\rinside"\r\n` +
    `2026-11-06,${minus.reference},'-1 printers left,Alex Agent,${a},20,0.33,yes,Ünïcödé ✓\r\n`
  return { ...team, expected: Buffer.concat([BOM, Buffer.from(expected, 'utf8')]) }
}

test.group('Time tracking: CSV export', (group) => {
  isolateEachTest(group)

  test('the report page downloads the CSV: BOM, quoting, formula guard', async ({
    client,
    assert,
  }) => {
    const { manager, organization, expected } = await trickyEntries()
    const response = await client
      .get('/desk/time/export?from=2026-11-01&to=2026-11-30')
      .loginAs(manager.user)
    response.assertStatus(200)
    response.assertHeader('content-type', 'text/csv; charset=utf-8')
    response.assertHeader(
      'content-disposition',
      `attachment; filename="time-${organization.slug}-2026-11-01-to-2026-11-30.csv"`
    )
    const bytes = Buffer.from(response.text(), 'utf8')
    assert.deepEqual(bytes.subarray(0, 3), BOM)
    assert.equal(bytes.toString('utf8'), expected.toString('utf8'))
    assert.notInclude(response.text(), 'Globex')
    assert.notInclude(response.text(), 'December')

    // The page says what the export does with formulas.
    const page = await client.get('/desk/time').loginAs(manager.user)
    assert.include(page.text(), 'gets a leading apostrophe')
  })

  test('an empty range is a header only', async ({ client, assert }) => {
    const { manager } = await createTeam()
    const response = await client
      .get('/desk/time/export?from=2026-01-01&to=2026-01-31')
      .loginAs(manager.user)
    response.assertStatus(200)
    assert.equal(response.text(), `\ufeff${HEADER}`)
  })

  test('the formula guard covers = + - @ tab and carriage return, nothing else', ({ assert }) => {
    for (const risky of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
      assert.equal(neutralizeFormula(risky), `'${risky}`)
    }
    for (const safe of ['Printer', '1-2', 'a=b', '', "'quoted"]) {
      assert.equal(neutralizeFormula(safe), safe)
    }
  })
})

test.group('Time tracking: time:export', (group) => {
  isolateEachTest(group)

  test('writes the same bytes as the report page, to a file or standard output', async ({
    client,
    assert,
  }) => {
    const { manager, organization, expected } = await trickyEntries()
    const folder = await mkdtemp(join(tmpdir(), 'time-export-'))
    try {
      const output = join(folder, 'november.csv')
      const run = await runCommand('time:export', [
        `--org=${organization.slug}`,
        '--from=2026-11-01',
        '--to=2026-11-30',
        `--output=${output}`,
      ])
      run.command.assertSucceeded()
      assert.include(run.output, `Wrote ${output}`)
      const written = await readFile(output)
      assert.equal(written.toString('utf8'), expected.toString('utf8'))
      assert.deepEqual(written, expected)

      const page = await client
        .get('/desk/time/export?from=2026-11-01&to=2026-11-30')
        .loginAs(manager.user)
      assert.deepEqual(Buffer.from(page.text(), 'utf8'), written)
    } finally {
      await rm(folder, { recursive: true, force: true })
    }

    // Without --output the CSV goes to standard output.
    const chunks: Buffer[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: any[]) => {
      chunks.push(Buffer.from(chunk))
      const done = rest.find((value) => typeof value === 'function')
      done?.()
      return true
    }) as typeof process.stdout.write
    try {
      const run = await runCommand('time:export', [
        `--org=${organization.slug}`,
        '--from=2026-11-01',
        '--to=2026-11-30',
      ])
      run.command.assertSucceeded()
    } finally {
      process.stdout.write = write
    }
    assert.deepEqual(Buffer.concat(chunks), expected)
  })

  test('bad flags exit non-zero with a clear message and write nothing', async ({ assert }) => {
    const { organization } = await createTeam()
    const folder = await mkdtemp(join(tmpdir(), 'time-export-'))
    const org = `--org=${organization.slug}`
    const cases: Array<[string[], string]> = [
      [
        ['--from=2026-11-01', '--to=2026-11-30'],
        'Missing required flag --org (dates as YYYY-MM-DD)',
      ],
      [[org, '--to=2026-11-30'], 'Missing required flag --from (dates as YYYY-MM-DD)'],
      [[org, '--from=2026-02-30', '--to=2026-03-01'], '--from must be a date such as 2026-11-01'],
      [[org, '--from=2026-11-01', '--to=30/11/2026'], '--to must be a date such as 2026-11-30'],
      [[org, '--from=2026-11-30', '--to=2026-11-01'], '--to must be on or after --from'],
      [
        [org, '--from=2024-01-01', '--to=2026-01-01'],
        '--from and --to may be at most 366 days apart',
      ],
      [
        ['--org=no-such-org', '--from=2026-11-01', '--to=2026-11-30'],
        'No organization has the slug "no-such-org" (see atum:org:list)',
      ],
      [
        [
          org,
          '--from=2026-11-01',
          '--to=2026-11-30',
          `--output=${join(folder, 'missing', 'x.csv')}`,
        ],
        `Cannot write ${join(folder, 'missing', 'x.csv')}: the folder ${join(folder, 'missing')} does not exist`,
      ],
    ]
    try {
      for (const [argv, message] of cases) {
        const run = await runCommand('time:export', argv)
        assert.equal(run.command.exitCode, 1, argv.join(' '))
        assert.deepEqual(run.stderr, [`[ red(error) ] ${message}`], argv.join(' '))
      }
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  test('in a real process, a bad date exits non-zero with one line', async ({ assert }) => {
    const { exitCode, stdout, stderr } = await runAceProcess([
      'time:export',
      '--org=acme',
      '--from=2026-11-31',
      '--to=2026-12-01',
    ])
    const output = `${stdout}${stderr}`
    assert.notEqual(exitCode, 0, output)
    assert.include(stderr, '--from must be a date such as 2026-11-01')
    assert.notMatch(output, /^\s+at /m, 'no stack trace')
    assert.lengthOf(output.trim().split('\n'), 1, output)
  }).timeout(60_000)
})
