import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The smallest S3-compatible server that PutObject, HeadObject, GetObject
 * and DeleteObject need (path-style URLs: /<bucket>/<key>), keeping objects
 * in memory and every request's headers, so a test can run the S3 disk
 * without a cloud account. It understands plain PUTs only: a body sent
 * with aws-chunked framing is stored as it came (and fails the test).
 */
export async function startFakeS3() {
  const objects = new Map<string, { body: Buffer; contentType?: string }>()
  const requests: Array<{ method: string; path: string; headers: IncomingHttpHeaders }> = []

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const path = decodeURIComponent((request.url ?? '/').split('?')[0])
    requests.push({ method: request.method ?? '', path, headers: request.headers })

    if (request.method === 'PUT') {
      objects.set(path, {
        body: Buffer.concat(chunks),
        contentType: request.headers['content-type'],
      })
      response.writeHead(200, { ETag: '"fake"' }).end()
      return
    }
    const object = objects.get(path)
    if (request.method === 'DELETE') {
      objects.delete(path)
      response.writeHead(204).end()
      return
    }
    if (!object) {
      response
        .writeHead(404, { 'Content-Type': 'application/xml' })
        .end('<Error><Code>NoSuchKey</Code></Error>')
      return
    }
    response.writeHead(200, {
      'Content-Length': object.body.length,
      'Content-Type': object.contentType ?? 'application/octet-stream',
      'ETag': '"fake"',
    })
    response.end(request.method === 'HEAD' ? undefined : object.body)
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
