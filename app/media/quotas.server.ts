/**
 * Upload quotas (issue 18: 25 consecutive 500 MB supporter videos from one donor were all queued for
 * ffmpeg). Checked before a body is read, from what the database already holds for the last 24 hours:
 *
 *   per account         30 files and 3 GiB a day (all kinds: update videos and images, evidence, documents)
 *   supporter videos    3 a day per account, 30 a day per project
 *
 * A request over a quota is answered 429 with a message and the time to wait, and its body is not read.
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'

export const QUOTAS = {
  accountFilesPerDay: 30,
  accountBytesPerDay: 3 * 1024 ** 3,
  supporterVideosPerAccountPerDay: 3,
  supporterVideosPerProjectPerDay: 30,
}

export type QuotaRefusal = { key: 'uploadQuota.account' | 'uploadQuota.accountVideos' | 'uploadQuota.projectVideos'; retryAfterSeconds: number }

/** Whether one more upload of about `incomingBytes` (the request's Content-Length) fits; the refusal when not. */
export async function checkUploadQuota(db: Db, input: { userId: string; incomingBytes: number; supporterVideoFor?: string }): Promise<QuotaRefusal | null> {
  const [account] = await queryRows<{ files: number; bytes: string; oldest: string | null }>(
    db,
    sql`select count(*)::int as files, coalesce(sum(byte_size), 0)::text as bytes, (extract(epoch from min(created_at)) * 1000)::bigint::text as oldest
        from media where uploaded_by = ${input.userId} and created_at > now() - interval '1 day'`,
  )
  const waitFrom = (oldest: string | null) => Math.max(60, Math.ceil((Number(oldest ?? Date.now()) + 86_400_000 - Date.now()) / 1000))
  if (account!.files >= QUOTAS.accountFilesPerDay || Number(account!.bytes) + input.incomingBytes > QUOTAS.accountBytesPerDay)
    return { key: 'uploadQuota.account', retryAfterSeconds: waitFrom(account!.oldest) }
  if (input.supporterVideoFor) {
    const [videos] = await queryRows<{ mine: number; project: number; oldest: string | null }>(
      db,
      sql`select (select count(*) from supporter_videos where user_id = ${input.userId} and created_at > now() - interval '1 day')::int as mine,
                 (select count(*) from supporter_videos where project_id = ${input.supporterVideoFor} and created_at > now() - interval '1 day')::int as project,
                 (select (extract(epoch from min(created_at)) * 1000)::bigint::text from supporter_videos where user_id = ${input.userId} and created_at > now() - interval '1 day') as oldest`,
    )
    if (videos!.mine >= QUOTAS.supporterVideosPerAccountPerDay) return { key: 'uploadQuota.accountVideos', retryAfterSeconds: waitFrom(videos!.oldest) }
    if (videos!.project >= QUOTAS.supporterVideosPerProjectPerDay) return { key: 'uploadQuota.projectVideos', retryAfterSeconds: 3600 }
  }
  return null
}

/** The 429 answer for a refused upload: the message (an i18n key with its values) and Retry-After. */
export function quotaResponse(refusal: QuotaRefusal) {
  return { status: 429, headers: { 'Retry-After': String(refusal.retryAfterSeconds) }, hours: Math.max(1, Math.ceil(refusal.retryAfterSeconds / 3600)) }
}
