/**
 * The receipt is built from words translated once per language (a batch writes hundreds at once); it
 * must read exactly as translating each receipt would, whatever the gift's values hold.
 */
import { expect, test } from 'vitest'
import { languages } from '~/i18n/config'
import { i18nForLanguage } from '~/i18n/i18n.server'
import { absoluteUrl } from '~/utils/site.server'
import { donationReceiptMail } from './messages.server'

test('a receipt reads as translating it directly would, in every language', () => {
  const inputs = [
    { name: '小王', amount: '¥50.00', project: 'Clean water', organization: 'Org', cancel: null },
    { name: null, amount: '$1', project: "$& O'Brien", organization: "O'Brien & <Sons>", cancel: '/plans/p/cancel?t=x' },
  ]
  for (const language of [...languages, 'xx']) {
    const lang = language === 'xx' ? 'zh-CN' : (language as (typeof languages)[number])
    const t = i18nForLanguage(lang).getFixedT(lang)
    for (const input of inputs) {
      const mail = donationReceiptMail({ email: 'd@example.org', locale: language, name: input.name }, { amount: input.amount, project: input.project, organization: input.organization, receiptNumber: 'SL-2026-00000001', link: '/receipts/r?t=k', verify: '/projects/p/ledger.json', cancel: input.cancel })
      expect(mail.subject).toBe(t('mail.receiptSubject', { receiptNumber: 'SL-2026-00000001' }))
      expect(mail.text).toBe(
        [
          t('mail.greeting', { name: input.name ?? t('project.anonymous') }),
          '',
          t('mail.receiptBody', { amount: input.amount, project: input.project, organization: input.organization }),
          '',
          `${t('receipt.number')}: SL-2026-00000001`,
          t('mail.receiptLink'),
          absoluteUrl('/receipts/r?t=k'),
          '',
          t('mail.receiptVerify'),
          absoluteUrl('/verify-ledger.mjs'),
          `node verify-ledger.mjs ${absoluteUrl('/projects/p/ledger.json')}`,
          ...(input.cancel ? ['', t('mail.receiptCancel'), absoluteUrl(input.cancel)] : []),
          '',
          t('mail.signature'),
        ].join('\n'),
      )
    }
  }
})

test("a gift's values are written as they are, never read as placeholders or markers (i18next would interpolate a title's {{amount}})", () => {
  const mail = donationReceiptMail({ email: 'd@example.org', locale: 'en', name: '\uE000amount\uE000' }, { amount: '¥1', project: '{{amount}} $1 \uE000name\uE000', organization: 'O', receiptNumber: 'SL-2026-00000001', link: '/r', verify: '/v', cancel: null })
  expect(mail.text).toContain('\uE000amount\uE000')
  expect(mail.text).toContain('{{amount}} $1 \uE000name\uE000')
})
