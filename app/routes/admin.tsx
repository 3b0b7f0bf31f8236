import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { NavLink, Outlet } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { personalPage } from '~/utils/cache'
import { requireAdmin } from '~/utils/permissions.server'
import { data } from '@remix-run/node'

/** The administration area. Every child loader and action checks `requireAdmin` itself too (loaders run in parallel). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return data({}, personalPage)
}

export const meta: MetaFunction = () => [{ name: 'robots', content: 'noindex' }]

export default function AdminLayout() {
  const { t } = useTranslation()
  return (
    <div className="container section admin">
      <nav aria-label={t('admin.title')} className="admin-nav">
        <strong>{t('admin.title')}</strong>
        <NavLink to="/admin/organizations">{t('admin.organizations')}</NavLink>
        <NavLink to="/admin/projects">{t('admin.projects')}</NavLink>
        <NavLink to="/admin/donations">{t('admin.donations')}</NavLink>
        <NavLink to="/admin/campaigns">{t('campaignAdmin.title')}</NavLink>
        <NavLink to="/admin/moderation">{t('admin.moderation')}</NavLink>
        <NavLink to="/admin/videos">{t('supporterVideos.title')}</NavLink>
        <NavLink to="/admin/audit">{t('admin.audit')}</NavLink>
        <NavLink to="/admin/operations">{t('operations.title')}</NavLink>
      </nav>
      <Outlet />
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
