import { test } from '@japa/runner'
import { Disk } from '@adonisjs/drive'
import { S3Driver } from '@adonisjs/drive/drivers/s3'
import { s3DiskOptions } from '#config/drive'
import { checkFile } from '#domain/file_checks'
import { startFakeS3 } from '#tests/helpers/fake_s3'
import { SAMPLES, fixtureFolder, sha256 } from '#tests/helpers/attachments'

/**
 * DRIVE_DISK=s3 (the scale-out option): the disk built from our S3 options
 * stores, reads and deletes files the way AttachFiles and the download
 * use it, against an S3-compatible server. The options are those of
 * config/drive.ts; only the server's address and keys are the test's.
 */
test.group('Attachments on an S3-compatible disk', (group) => {
  let s3: Awaited<ReturnType<typeof startFakeS3>>
  let fixtures: Awaited<ReturnType<typeof fixtureFolder>>
  group.setup(async () => {
    s3 = await startFakeS3()
    fixtures = await fixtureFolder('s3')
    return async () => {
      await s3.close()
      await fixtures.remove()
    }
  })

  test('files go up as plain private objects and come back whole', async ({ assert }) => {
    const disk = new Disk(
      new S3Driver({
        ...s3DiskOptions(),
        bucket: 'desk-files',
        region: 'us-east-1',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test-secret' },
      })
    )
    const path = await fixtures.write('upload', SAMPLES.pdf)
    const check = await checkFile(path, 'invoice.pdf')
    assert.isTrue(check.accepted)

    // As AttachFiles stores an upload.
    await disk.moveFromFs(path, '42/0b6f6a52-3f47-4d55-9f5c-1b7f2e8f9a10', {
      contentType: 'application/pdf',
      visibility: 'private',
    })
    const stored = s3.objects.get('/desk-files/42/0b6f6a52-3f47-4d55-9f5c-1b7f2e8f9a10')
    assert.exists(stored)
    assert.equal(sha256(stored!.body), sha256(SAMPLES.pdf), 'the bytes, without chunk framing')
    assert.equal(stored!.contentType, 'application/pdf')
    const put = s3.requests.find((request) => request.method === 'PUT')!
    assert.notProperty(put.headers, 'x-amz-acl')
    assert.notEqual(put.headers['content-encoding'], 'aws-chunked')
    assert.match(String(put.headers.authorization), /^AWS4-HMAC-SHA256 Credential=test\//)

    // As the download reads it.
    assert.isTrue(await disk.exists('42/0b6f6a52-3f47-4d55-9f5c-1b7f2e8f9a10'))
    assert.isFalse(await disk.exists('42/missing'))
    const chunks: Buffer[] = []
    for await (const chunk of await disk.getStream('42/0b6f6a52-3f47-4d55-9f5c-1b7f2e8f9a10')) {
      chunks.push(Buffer.from(chunk as Uint8Array))
    }
    assert.equal(sha256(Buffer.concat(chunks)), sha256(SAMPLES.pdf))

    // As a failed upload cleans up.
    await disk.delete('42/0b6f6a52-3f47-4d55-9f5c-1b7f2e8f9a10')
    assert.equal(s3.objects.size, 0)
  })
})
