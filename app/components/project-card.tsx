import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatMoney, percentOf } from '~/utils/money'
import { ResponsiveImage } from './responsive-image'
import { Card } from './ui/card'
import { VerifiedBadge } from './verified-badge'
import { ProgressBar } from './ui/progress-bar'

export interface ProjectCardProps {
  slug: string
  title: string
  summary: string
  category: string
  region: string
  currency: string
  goalAmount: bigint
  raisedAmount: bigint
  donationCount: number
  daysLeft: number | null
  /** A public cover image; without one the card draws its category's gradient. */
  coverMediaId?: string | null
  organization: { name: string; verified: boolean; lang?: string }
  /** The language the title and summary are shown in (ADR 0021). */
  lang?: string
}

/** Cards fill the grid: a full phone width, half a tablet's, a third of the 72rem container. */
const CARD_SIZES = '(min-width: 72rem) 23rem, (min-width: 40rem) 50vw, 100vw'

/** `priority`: the first card of a page, whose cover is likely its largest paint. */
export function ProjectCard({ project, headingLevel = 3, priority = false }: { project: ProjectCardProps; headingLevel?: 2 | 3; priority?: boolean }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const percent = percentOf(project.raisedAmount, project.goalAmount)
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  // Content in another language than the page's is marked so screen readers pronounce it right.
  const lang = (shown?: string) => (shown && shown !== locale ? shown : undefined)
  return (
    <Card className="project-card">
      {project.coverMediaId ? (
        // Decorative: the title below says what the project is.
        <ResponsiveImage id={project.coverMediaId} alt="" sizes={CARD_SIZES} width={1280} height={560} className={`project-cover project-cover-image cover-${project.category}`} priority={priority} />
      ) : (
        <div className={`project-cover cover-${project.category}`} aria-hidden="true">
          <svg viewBox="0 0 64 64" className="cover-sun" focusable="false">
            <circle cx="32" cy="32" r="12" />
            <path d="M32 6v8M32 50v8M6 32h8M50 32h8M13.6 13.6l5.7 5.7M44.7 44.7l5.7 5.7M13.6 50.4l5.7-5.7M44.7 19.3l5.7-5.7" />
          </svg>
        </div>
      )}
      <div className="project-body">
        <p className="eyebrow">
          <span className="tag">{t(`category.${project.category}` as 'category.education')}</span>
          <span className="muted"> · {project.region}</span>
        </p>
        <Heading className="project-title">
          <Link to={`/projects/${project.slug}`} className="stretched-link" lang={lang(project.lang)}>
            {project.title}
          </Link>
        </Heading>
        <p className="project-org">
          {t('project.by', { organization: '\u0000' })
            .split('\u0000')
            .flatMap((part, i) => (i === 0 ? [part] : [<span key="org" lang={lang(project.organization.lang)}>{project.organization.name}</span>, part]))}
          {project.organization.verified ? (
            <VerifiedBadge label={t('project.verified')} />
          ) : null}
        </p>
        <p className="project-summary" lang={lang(project.lang)}>
          {project.summary}
        </p>
        <ProgressBar percent={percent} label={t('project.progressLabel', { percent })} />
        <p className="project-figures">
          <strong>
            {t('project.raisedOf', {
              raised: formatMoney(project.raisedAmount, project.currency, locale),
              goal: formatMoney(project.goalAmount, project.currency, locale),
            })}
          </strong>
        </p>
        <p className="project-meta muted">
          <span>{t('project.donations', { count: project.donationCount })}</span>
          <span aria-hidden="true"> · </span>
          <span>
            {project.daysLeft === null
              ? t('project.ended')
              : project.daysLeft === 0
                ? t('project.endsToday')
                : t('project.daysLeft', { count: project.daysLeft })}
          </span>
        </p>
      </div>
    </Card>
  )
}
