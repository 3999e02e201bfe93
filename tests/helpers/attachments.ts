import { createHash } from 'node:crypto'
import { mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Group } from '@japa/runner/core'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import { MultipartFile } from '@adonisjs/core/bodyparser'

/** The folder of the local disk in tests (DRIVE_ROOT of .env.test). */
export function storageFolder() {
  return app.makePath(process.env.DRIVE_ROOT ?? 'storage')
}

/**
 * Deletes, after each test, the files stored for the attachments the test
 * created. Register it after isolateEachTest(group): setup cleanups run in
 * reverse order, so the rows are still there (the transaction is rolled
 * back afterwards) and say which files to delete.
 */
export function removeStoredFilesAfterEachTest(group: Group) {
  group.each.setup(() => async () => {
    const rows: Array<{ storage_key: string }> = await db.from('attachments').select('storage_key')
    const disk = drive.use()
    const folders = new Set<string>()
    for (const { storage_key: key } of rows) {
      await disk.delete(key)
      folders.add(key.split('/')[0])
    }
    // The fs driver leaves the emptied organization folders behind.
    for (const folder of folders) {
      await rmdir(join(storageFolder(), folder)).catch(() => {})
    }
  })
}

/** The files in the storage folder of one organization. */
export async function storedFileNames(organizationId: number) {
  try {
    return await readdir(join(storageFolder(), String(organizationId)))
  } catch {
    return []
  }
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Sample contents, each with what it really is. */
export const SAMPLES = {
  /** A 1×1 PNG. */
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64'
  ),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'),
  csv: Buffer.from('ticket,minutes\nATUM-1,12\nATUM-2,7 – café ✓\n'),
  /** The header of a Linux executable. */
  elf: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(248, 1)]),
  /** The header of a Windows program. */
  exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(254, 1)]),
  html: Buffer.from(
    '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'
  ),
}

/** The files a test group writes, in a folder of its own under tmp/. */
function fixtureFiles(name: string) {
  const folder = app.tmpPath(`attachment-fixtures-${process.pid}-${name}`)
  return {
    folder,
    async write(filename: string, contents: Buffer | string) {
      const path = join(folder, filename)
      await writeFile(path, contents)
      return path
    },
    remove: () => rm(folder, { recursive: true, force: true }),
  }
}

/** A folder of its own under tmp/ for the files a test group writes. */
export async function fixtureFolder(name: string) {
  const fixtures = fixtureFiles(name)
  await mkdir(fixtures.folder, { recursive: true })
  return fixtures
}

/** fixtureFolder for the group: made before its first test, removed after its last. */
export function groupFixtureFolder(group: Group, name: string) {
  const fixtures = fixtureFiles(name)
  group.setup(async () => {
    await mkdir(fixtures.folder, { recursive: true })
    return () => fixtures.remove()
  })
  return fixtures
}

/**
 * A file as the bodyparser hands it to a controller after an upload
 * (streamed to a temporary path), for calling the action directly.
 */
export function uploadedFile(tmpPath: string, clientName: string, size: number) {
  const file = new MultipartFile(
    { fieldName: 'files', clientName, headers: { 'content-type': 'application/octet-stream' } },
    {}
  )
  file.tmpPath = tmpPath
  file.size = size
  file.state = 'consumed'
  return file
}
