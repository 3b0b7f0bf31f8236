import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button } from './ui/button'

/** An organisation member's button to hide a donor message (or show a hidden one again); the page's action handles it. */
export function MessageVisibilityForm({ donationId, hidden }: { donationId: string; hidden: boolean }) {
  const { t } = useTranslation()
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="donationId" value={donationId} />
      <Button type="submit" name="intent" value={hidden ? 'showMessage' : 'hideMessage'} variant="ghost" size="sm">
        {hidden ? t('moderation.showMessage') : t('moderation.hideMessage')}
      </Button>
    </Form>
  )
}
