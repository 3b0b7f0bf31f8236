/**
 * `npm run demo:media` (with evidence.ts and videos.ts): draws a campaign cover for every demo
 * project (seeds/demo-data.ts, `demoProjects`) — its picture on the right, its title in Chinese on
 * the left — and writes seeds/media/covers/<slug>.jpg (1280 × 720, JPEG), which the seed stores
 * like an upload and sets as the project's cover. Run when the demo projects change and commit the
 * images: it needs Chromium and a CJK font, which a fresh machine running the demo does not.
 */
import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { demoOrganizations, demoProjects } from '~seeds/demo-data'
import { ART, child, drawing, svg, type ArtKey } from './art'
import { escapeHtml, launchChromium, PALETTES } from './look'

const OUT = join(process.cwd(), 'seeds', 'media', 'covers')

interface Cover {
  /** The picture: pieces of art layered in one box, or a drawing of its own. */
  art: ArtKey[] | (() => string)
  /** A short line under the title. */
  line: string
  /** A chip above the title: the campaign's hashtag or place. */
  tag: string
}

const COVERS: Record<string, Cover> = {
  'free-lunch-draw-to-life': {
    art: () => `<g transform="translate(10 0) scale(.62) rotate(-6 300 300)">${drawing('糖醋鱼', '二年级 小雨')}</g><g transform="translate(150 190) scale(.72)">${ART.tray()}</g>${child(70, 600, 0.78, { shirt: '#EF4444', girl: true, arms: 'up' })}${child(160, 610, 0.7, { shirt: '#3B82F6', arms: 'wave' })}`,
    line: '孩子的画，变成真的午餐',
    tag: '#点画成真',
  },
  'erlangmiao-village-school': { art: ['school'], line: '每 4 元，一顿热乎的午餐', tag: '河南 · 太康县' },
  'stray-animal-rescue': { art: ['dogcat'], line: '绝育 · 医疗 · 领养', tag: '爱德基金会 × 它基金' },
  'ancient-book-restoration': { art: ['tools'], line: '板刷刷平，纸条补洞', tag: '寻找古籍守护人' },
  'mawei-childrens-art-troupe': { art: ['mountains', 'singers'], line: '彝族孩子唱自己的歌', tag: '四川 · 大凉山' },
  'blue-action-autism': { art: ['bluewall'], line: '理解，是融合的第一步', tag: '4 月 2 日 · 世界自闭症日' },
  'warm-packs-disaster-relief': { art: ['warmpack'], line: '棉衣 · 棉鞋 · 围巾 · 文具', tag: '冬季救灾' },
  'shanpin-rural-goods': { art: ['kiwi'], line: '红心猕猴桃 · 软籽石榴', tag: '电商扶贫' },
  'bayannur-recovery': { art: ['sunflowers', 'grain'], line: '米、面、油和棉被，送到受灾的家', tag: '内蒙古 · 巴彦淖尔' },
  'free-lunch-kitchen-upgrade': { art: ['kitchen'], line: '20 所新开餐学校的厨房', tag: '免费午餐' },
}

/** "免费午餐：乡村学校厨房改造（审核中）" → ["免费午餐", "乡村学校厨房改造"]. */
export function titleLines(title: string): [string, string | null] {
  const clean = title.replace(/（[^）]*）$/, '')
  const cut = clean.search(/[：·]/)
  return cut === -1 ? [clean, null] : [clean.slice(0, cut), clean.slice(cut + 1)]
}

function picture(cover: Cover) {
  if (typeof cover.art === 'function') return cover.art()
  // Layered pieces: the first is the scene, the others stand in front of it, a little smaller.
  return cover.art.map((key, i) => (i === 0 ? ART[key]() : `<g transform="translate(60 90) scale(.8)">${ART[key]()}</g>`)).join('')
}

function page(slug: string) {
  const project = demoProjects.find((p) => p.slug === slug)!
  const organization = demoOrganizations.find((o) => o.slug === project.organization)!
  const cover = COVERS[slug]!
  const { sky, ink, accent } = PALETTES[slug]!
  const [main, sub] = titleLines(project.title)
  return `<!doctype html><meta charset="utf-8"><style>
  body{margin:0;width:1280px;height:720px;overflow:hidden;font-family:'Noto Sans CJK SC',sans-serif;background:linear-gradient(160deg,${sky[0]},${sky[1]})}
  .art{position:absolute;right:-20px;top:0;width:720px;height:720px;-webkit-mask-image:linear-gradient(to right,transparent 0,#000 18%)}
  .text{position:absolute;left:72px;top:0;bottom:0;width:560px;display:flex;flex-direction:column;justify-content:center;color:${ink}}
  .org{font-size:24px;opacity:.85;display:flex;align-items:center;gap:12px}
  .org i{width:14px;height:14px;border-radius:50%;background:${accent};display:inline-block}
  .tag{align-self:flex-start;margin:26px 0 18px;padding:8px 20px;border-radius:999px;background:${accent};color:#fff;font-size:26px;font-weight:700}
  h1{margin:0;font-size:${Math.min(84, Math.floor(480 / main.length))}px;line-height:1.15;font-weight:900;letter-spacing:.02em}
  h2{margin:10px 0 0;font-size:44px;line-height:1.25;font-weight:700}
  .line{margin-top:28px;font-size:28px;opacity:.85}
  .sun{position:absolute;left:72px;bottom:40px;display:flex;align-items:center;gap:10px;font-size:20px;color:${ink};opacity:.7}
  </style>
  <div class="art">${svg(picture(cover), 720)}</div>
  <div class="text">
    <div class="org"><i></i>${escapeHtml(organization.name)}</div>
    <div class="tag">${escapeHtml(cover.tag)}</div>
    <h1>${escapeHtml(main)}</h1>${sub ? `<h2>${escapeHtml(sub)}</h2>` : ''}
    <div class="line">${escapeHtml(cover.line)}</div>
  </div>
  <div class="sun"><svg width="26" height="26" viewBox="-13 -13 26 26"><circle r="6" fill="${ink}"/>${Array.from({ length: 8 }, (_, i) => `<line x1="0" y1="-9" x2="0" y2="-12" stroke="${ink}" stroke-width="2" transform="rotate(${i * 45})"/>`).join('')}</svg>阳光公益 · 公开募捐</div>`
}

async function main() {
  mkdirSync(OUT, { recursive: true })
  const missing = demoProjects.filter((p) => !COVERS[p.slug] || !PALETTES[p.slug])
  if (missing.length) throw new Error(`no cover drawn for ${missing.map((p) => p.slug).join(', ')}`)
  const browser = await launchChromium()
  const tab = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 })
  for (const project of demoProjects) {
    const path = join(OUT, `${project.slug}.jpg`)
    await tab.setContent(page(project.slug))
    await tab.screenshot({ path, type: 'jpeg', quality: 80 })
    console.log(`covers/${project.slug}.jpg ${Math.round(statSync(path).size / 1024)} KB`)
  }
  await browser.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
