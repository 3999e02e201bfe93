import { isAbsolute } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, services } from '@adonisjs/drive'

/**
 * Where attachments are stored. Files are private: drive serves none of
 * them itself (no public route, no signed URLs); they are only downloaded
 * through the authorized attachment routes (start/routes/attachments.ts).
 *
 * - fs (default): a local folder, DRIVE_ROOT (relative to the app) or
 *   storage/. Enough for one machine.
 * - s3: an S3-compatible bucket (AWS, MinIO, Ceph, R2, …), the scale-out
 *   option when web processes run on several machines. Without
 *   S3_ACCESS_KEY_ID the AWS SDK's default credentials chain applies.
 */
const driveConfig = defineConfig({
  default: env.get('DRIVE_DISK', 'fs'),

  services: {
    fs: services.fs({
      location: storageFolder(),
      serveFiles: false,
      visibility: 'private',
    }),
    s3: services.s3(s3DiskOptions()),
  },
})

/** The local folder of the fs disk (also checked by `node ace doctor`). */
export function storageFolder() {
  const root = env.get('DRIVE_ROOT')
  if (!root) return app.makePath('storage')
  return isAbsolute(root) ? root : app.makePath(root)
}

/**
 * The S3 disk, from S3_* (exported for the test that runs it against a
 * minimal S3-compatible server).
 */
export function s3DiskOptions() {
  return {
    bucket: env.get('S3_BUCKET') ?? '',
    region: env.get('S3_REGION') ?? '',
    endpoint: env.get('S3_ENDPOINT'),
    forcePathStyle: env.get('S3_FORCE_PATH_STYLE', false),
    credentials: s3Credentials(),
    visibility: 'private' as const,
    // Buckets of S3-compatible services often have no ACLs: the bucket's
    // own (private) policy applies.
    supportsACL: false,
    // Plain PUTs: by default the SDK streams uploads as aws-chunked with a
    // trailing checksum, which some S3-compatible services and proxies do
    // not understand (they would store the chunk framing in the file).
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
  }
}

function s3Credentials() {
  const accessKeyId = env.get('S3_ACCESS_KEY_ID')
  const secretAccessKey = env.get('S3_SECRET_ACCESS_KEY')
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined
}

export default driveConfig

declare module '@adonisjs/drive/types' {
  export interface DriveDisks extends InferDriveDisks<typeof driveConfig> {}
}
