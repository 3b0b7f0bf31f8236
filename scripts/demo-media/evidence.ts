/**
 * `npm run demo:media`: draws the demo's expense evidence (seeds/demo-data.ts, `demoExpenses`) as
 * scanned-looking documents — receipts, delivery notes, payment vouchers — each marked as a demo
 * sample, and writes them to seeds/media/evidence/*.jpg, which the seed stores like uploads. Run
 * once when the demo data changes and commit the images: it needs Chromium and a CJK font
 * (Debian: chromium, fonts-noto-cjk), which a fresh machine running the demo does not.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { demoExpenses, demoOrganizations, demoProjects, type DemoEvidence } from '~seeds/demo-data'

const OUT = join(process.cwd(), 'seeds', 'media', 'evidence')
const TITLES: Record<DemoEvidence['kind'], [string, string]> = {
  receipt: ['收 款 收 据', 'RECEIPT'],
  delivery: ['送 货 签 收 单', 'DELIVERY NOTE'],
  voucher: ['付 款 凭 证', 'PAYMENT VOUCHER'],
}
const yuan = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2 })
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

function page(evidence: DemoEvidence, expense: (typeof demoExpenses)[number], payer: string, serial: number, date: string) {
  const [title, english] = TITLES[evidence.kind]
  const total = evidence.items.reduce((s, [, , n]) => s + n, 0)
  const rows = evidence.items.map(([what, detail, n]) => `<tr><td>${escape(what)}</td><td>${escape(detail)}</td><td class="n">¥${yuan(n)}</td></tr>`).join('')
  const payee = expense.payeeIsPerson ? `${expense.payee.slice(0, 1)}**（个人，已隐去）` : expense.payee
  return `<!doctype html><meta charset="utf-8"><style>
  body{margin:0;background:#d9d4c7;font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif}
  .sheet{position:relative;margin:28px;padding:28px 32px 120px;background:#fbf8f0;box-shadow:0 2px 10px rgba(0,0,0,.25);transform:rotate(-.6deg);color:#1f2a44}
  h1{margin:0;text-align:center;font-size:30px;letter-spacing:.2em;color:#8b1d1d}
  .en{text-align:center;font-size:12px;letter-spacing:.3em;color:#8b1d1d;margin-bottom:18px}
  .meta{display:flex;justify-content:space-between;font-size:14px;margin:6px 0}
  table{width:100%;border-collapse:collapse;margin-top:14px;font-size:15px}
  th,td{border:1px solid #1f2a44;padding:7px 8px;text-align:left}
  th{background:#efe9da}.n{text-align:right;font-family:'Noto Sans CJK SC',sans-serif}
  .total td{font-weight:bold}.sign{display:flex;justify-content:space-between;margin-top:22px;font-size:14px}
  .stamp{position:absolute;right:56px;bottom:18px;width:128px;height:128px;border:4px solid rgba(200,30,30,.75);border-radius:50%;color:rgba(200,30,30,.8);
    display:flex;align-items:center;justify-content:center;text-align:center;font-size:15px;font-weight:bold;transform:rotate(-14deg);line-height:1.3}
  .demo{position:absolute;left:0;right:0;top:46%;text-align:center;font-size:54px;color:rgba(30,60,140,.10);transform:rotate(-18deg);font-weight:bold;letter-spacing:.1em}
  .hand{font-family:'Noto Sans CJK SC',sans-serif;color:#1d3a8a}
  </style><div class="sheet">
  <h1>${title}</h1><div class="en">${english}</div>
  <div class="meta"><span>No. ${String(serial).padStart(7, '0')}</span><span>日期 Date：<span class="hand">${date}</span></span></div>
  <div class="meta"><span>付款单位 Paid by：<span class="hand">${escape(payer)}</span></span></div>
  <div class="meta"><span>收款方 Payee：<span class="hand">${escape(payee)}</span></span></div>
  <div class="meta"><span>事由 For：<span class="hand">${escape(expense.description)}</span></span></div>
  <table><tr><th>项目 Item</th><th>数量 / 说明</th><th class="n">金额 ¥</th></tr>${rows}
  <tr class="total"><td colspan="2">合计 Total（人民币）</td><td class="n">¥${yuan(total)}</td></tr></table>
  <div class="sign"><span>经手人：<span class="hand">${evidence.kind === 'delivery' ? '签收人 ✓' : '李 会计'}</span></span><span>复核：<span class="hand">✓</span></span></div>
  <div class="stamp">${escape(expense.payeeIsPerson ? '本人签字' : expense.payee.slice(0, 8))}<br>财务专用</div>
  <div class="demo">演示样张 DEMO</div>
  </div>`
}

async function main() {
  mkdirSync(OUT, { recursive: true })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
  const context = await browser.newContext({ viewport: { width: 640, height: 100 }, deviceScaleFactor: 1 })
  const tab = await context.newPage()
  let serial = 1_030_211
  for (const expense of demoExpenses) {
    const project = demoProjects.find((p) => p.slug === expense.project)!
    const payer = demoOrganizations.find((o) => o.slug === project.organization)!.name
    const date = new Date(Date.UTC(2026, 10, 30) - expense.daysAgo * 86_400_000).toISOString().slice(0, 10)
    for (const evidence of expense.evidence) {
      await tab.setContent(page(evidence, expense, payer, serial++, date))
      const sheet = tab.locator('.sheet')
      const box = (await sheet.boundingBox())!
      await tab.setViewportSize({ width: 640, height: Math.ceil(box.y + box.height + 28) })
      await tab.screenshot({ path: join(OUT, evidence.file), type: 'jpeg', quality: 72, fullPage: true })
      console.log(evidence.file)
    }
  }
  await browser.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
