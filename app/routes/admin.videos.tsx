/** Supporter videos waiting for review: watch, then approve or reject with a reason. */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { VideoFigure } from '~/components/video-figure'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { blockedMediaFlags } from '~/models/moderation.server'
import { decideSupporterVideo, pendingSupporterVideos } from '~/models/supporter-videos.server'
import { screen } from '~/moderation/terms.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { invalid, readForm } from '~/utils/forms.server'
import { isUuid } from '~/utils/ids'
import { requireAdmin } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const [rows, t, language] = await Promise.all([pendingSupporterVideos(db()), getFixedT(request), detectLanguage(request)])
  // The automatic pass, shown to the reviewer: flagged titles and files removed before.
  const flags = await Promise.all(rows.map(async (r) => [...screen(r.title), ...(await blockedMediaFlags(db(), [r.mediaId]))]))
  const when = dateFormatter(language, { withTime: true })
  return data(
    {
      title: `${t('supporterVideos.queueTitle')} — ${t('app.name')}`,
      videos: rows.map((r, i) => ({
        id: r.id,
        flags: flags[i]!,
        title: r.title,
        author: r.author,
        at: when(r.createdAt),
        project: { slug: r.projectSlug, title: r.projectTitle },
        video: { id: r.mediaId, status: r.mediaStatus, rejection: r.rejection, posterId: r.posterId, durationMs: r.durationMs, width: r.width, height: r.height, hls: r.hlsStatus === 'ready' },
      })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const form = await readForm(request)
  const id = String(form.get('id') ?? '')
  const decision = String(form.get('decision') ?? '')
  const reason = String(form.get('reason') ?? '').trim().slice(0, 500)
  if (!isUuid(id) || (decision !== 'approve' && decision !== 'reject')) return invalid({ form: ['validation.chooseOne'] }, {})
  if (decision === 'reject' && !reason) return invalid({ [`reason-${id}`]: ['validation.required'] }, {})
  const done = await decideSupporterVideo(db(), { id, adminId: admin.id, decision, reason: reason || null })
  if (!done) return invalid({ [`reason-${id}`]: ['supporterVideos.notReady'] }, {}, { status: 409 })
  return redirectWithToast('/admin/videos', { type: 'success', key: 'supporterVideos.decided' })
}

export default function AdminVideos() {
  const { videos } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const errors: Record<string, string[]> = actionData?.errors ?? {}
  return (
    <section aria-labelledby="videos-title">
      <h1 id="videos-title">{t('supporterVideos.queueTitle')}</h1>
      {errors.form ? <p className="form-error-summary">{translateErrors(t, errors.form)}</p> : null}
      {videos.length === 0 ? (
        <p className="muted">{t('supporterVideos.queueEmpty')}</p>
      ) : (
        <ul className="supporter-videos" role="list">
          {videos.map((v) => (
            <li key={v.id} className="card">
              <VideoFigure video={v.video} title={v.title} donateHref={null} />
              <h2>{v.title}</h2>
              {v.flags.length ? (
                <p className="notice notice-warning small">
                  {t('moderation.autoFlagged')}: {v.flags.map((f) => t(`moderation.flag.${f.kind}`, { detail: f.detail })).join(', ')}
                </p>
              ) : null}
              <p className="small muted">
                {v.author ? t('supporterVideos.by', { name: v.author }) : null} · <Link to={`/projects/${v.project.slug}`}>{v.project.title}</Link> · {v.at}
              </p>
              <Form method="post" noValidate>
                <input type="hidden" name="id" value={v.id} />
                <Field label={t('supporterVideos.reason')} name="reason" optional maxLength={500} errors={translateErrors(t, errors[`reason-${v.id}`])} />
                <div className="button-row">
                  <Button type="submit" name="decision" value="approve" size="sm">
                    {t('supporterVideos.approve')}
                  </Button>
                  <Button type="submit" name="decision" value="reject" variant="secondary" size="sm">
                    {t('supporterVideos.reject')}
                  </Button>
                </div>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
