/**
 * `npm run demo:media:video` (and `npm run demo:media`): makes the demo's short vertical videos —
 * every update in `demoVideoUpdates` and the #点画成真 supporters' videos in `demoChallengeVideos`
 * (seeds/demo-data.ts) — as a phone update would look: three scenes of the project's pictures
 * (art.ts) moving under the organisation's handle, the update's captions burnt in, a quiet chord.
 *
 * Chromium draws every frame (the scenes' CSS animations are paused and stepped, so the result is
 * the same on every run) and ffmpeg (@ffmpeg-installer/ffmpeg) encodes them: 540 × 960, 24 fps,
 * H.264 yuv420p + AAC, faststart. Writes seeds/media/videos/<name>.mp4, its poster <name>.jpg
 * (extractPoster, as an upload gets one) and videos.json (duration and size from probeVideo), so
 * seeding reads what it needs without running ffmpeg. Commit the outputs; a fresh machine running
 * the demo needs neither Chromium nor the fonts.
 *
 *   npx tsx scripts/demo-media/videos.ts                     all of them
 *   npx tsx scripts/demo-media/videos.ts challenge-1.mp4 …   only these
 *   npx tsx scripts/demo-media/videos.ts --preview /tmp/p    a still of each scene instead, to look at
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { demoChallengeVideos, demoProjects, demoVideoUpdates, type DemoVideoFile } from '~seeds/demo-data'
import { extractPoster, probeVideo, videoBinaries } from '~/media/video.server'
import { ANIMATION_CSS, ART, drawing, LABELLED, PIECES, plated, svg, type Dish } from './art'
import { CHALLENGE_PALETTE, escapeHtml, launchChromium, PALETTES, type Palette } from './look'

const OUT = join(process.cwd(), 'seeds', 'media', 'videos')
const MANIFEST = join(OUT, 'videos.json')
const WIDTH = 540
const HEIGHT = 960
const FPS = 24
/** Three scenes of SCENE seconds; each fades into the next over FADE. */
const SCENE = 2.8
const FADE = 0.35
const DURATION = 3 * SCENE

interface Scene {
  art: () => string
  /** A number that counts up over the picture, with its unit. */
  stat?: { value: number; unit: string }
}

interface Board {
  handle: string
  place?: string
  palette: Palette
  scenes: [Scene, Scene, Scene]
  captions: [string, string, string]
  /** The chord under it, in Hz. */
  chord: [number, number, number]
}

const { school, clipboard, classroom, live, receipt, calendar, truck } = LABELLED
const art = (key: keyof typeof ART) => ART[key]
const HANDLES: Record<string, string> = {
  'free-lunch': '免费午餐',
  'amity-foundation': '爱德基金会',
  'one-foundation': '壹基金',
  cfpa: '中国扶贫基金会',
  'ancient-book-guardians': '古籍守护人',
  'mawei-troupe': '马尾儿童艺术团',
}
const CHORDS: [number, number, number][] = [
  [261.63, 329.63, 392.0],
  [220.0, 277.18, 329.63],
  [196.0, 246.94, 293.66],
  [174.61, 220.0, 261.63],
]

/** Each update's pictures, scene by scene (its captions are in demo-data). */
const SCENES: Record<string, { place: string; scenes: [Scene, Scene, Scene] }> = {
  'free-lunch-draw-to-life-1.mp4': { place: '湖南 · 新化县', scenes: [{ art: () => truck('免费午餐', 'boxes') }, { art: art('children'), stat: { value: 136, unit: '名学生' } }, { art: () => receipt(), stat: { value: 3000, unit: '餐' } }] },
  'free-lunch-draw-to-life-2.mp4': { place: '湖南 · 新化县', scenes: [{ art: art('kitchen') }, { art: art('tray'), stat: { value: 10, unit: '个保温桶' } }, { art: art('children') }] },
  'free-lunch-draw-to-life-3.mp4': { place: '湖南 · 新化县', scenes: [{ art: () => school('新化县村小') }, { art: () => clipboard() }, { art: art('tray') }] },
  'erlangmiao-village-school-1.mp4': { place: '河南 · 太康县', scenes: [{ art: () => school() }, { art: art('cook') }, { art: art('children'), stat: { value: 156, unit: '名学生' } }] },
  'erlangmiao-village-school-2.mp4': { place: '河南 · 太康县', scenes: [{ art: () => truck('营养午餐', 'sacks'), stat: { value: 6000, unit: '元食材' } }, { art: art('drumstick') }, { art: art('thanks') }] },
  'erlangmiao-village-school-3.mp4': { place: '河南 · 太康县', scenes: [{ art: () => calendar(4, 21) }, { art: art('construction') }, { art: art('construction'), stat: { value: 3, unit: '周完工' } }] },
  'stray-animal-rescue-1.mp4': { place: '江苏 · 南京', scenes: [{ art: art('adopted') }, { art: art('dogcat'), stat: { value: 18, unit: '只猫狗' } }, { art: art('clinic') }] },
  'stray-animal-rescue-2.mp4': { place: '江苏 · 南京', scenes: [{ art: art('clinic'), stat: { value: 30, unit: '例绝育' } }, { art: () => receipt() }, { art: art('dogcat') }] },
  'stray-animal-rescue-3.mp4': { place: '江苏 · 南京', scenes: [{ art: art('adopted') }, { art: art('dogcat'), stat: { value: 9, unit: '个新家' } }, { art: () => clipboard('回访记录', ['领养协议', '1 个月回访', '3 个月回访']) }] },
  'ancient-book-restoration-1.mp4': { place: '北京', scenes: [{ art: art('book') }, { art: art('tools') }, { art: art('book') }] },
  'ancient-book-restoration-2.mp4': { place: '北京', scenes: [{ art: art('tools'), stat: { value: 40, unit: '小时' } }, { art: art('book') }, { art: PIECES.restorer, stat: { value: 13, unit: '年' } }] },
  'mawei-childrens-art-troupe-1.mp4': { place: '四川 · 大凉山', scenes: [{ art: art('mountains') }, { art: art('singers'), stat: { value: 11, unit: '首原创' } }, { art: () => live('《马尾》· 原创歌曲', '#B91C1C'), stat: { value: 33000, unit: '个视频' } }] },
  'mawei-childrens-art-troupe-2.mp4': { place: '四川 · 昭觉县', scenes: [{ art: art('mountains') }, { art: () => classroom(), stat: { value: 12, unit: '个孩子' } }, { art: () => receipt() }] },
  'blue-action-autism-1.mp4': { place: '广东 · 深圳', scenes: [{ art: art('training') }, { art: art('training'), stat: { value: 50, unit: '个家庭' } }, { art: PIECES.family }] },
  'blue-action-autism-2.mp4': { place: '广东 · 深圳', scenes: [{ art: art('bluewall') }, { art: art('bluewall'), stat: { value: 12, unit: '万人参与' } }, { art: () => ART.thanks().replace(/#F43F5E/g, '#2563EB') }] },
  'warm-packs-disaster-relief-1.mp4': { place: '壹基金仓库', scenes: [{ art: PIECES.packing }, { art: art('warmpack') }, { art: () => truck('壹基金温暖包', 'boxes'), stat: { value: 90, unit: '个温暖包' } }] },
  'warm-packs-disaster-relief-2.mp4': { place: '灾区学校', scenes: [{ art: () => truck('壹基金温暖包', 'boxes'), stat: { value: 90, unit: '个温暖包' } }, { art: art('handout') }, { art: () => receipt('签收单') }] },
  'warm-packs-disaster-relief-3.mp4': { place: '灾区学校', scenes: [{ art: () => classroom('防灾小课堂', '遇到危险 怎么求救') }, { art: art('safety') }, { art: () => live('自救神器了解一下', '#EA580C'), stat: { value: 51, unit: '万人参与' } }] },
  'shanpin-rural-goods-1.mp4': { place: '陕西 · 合作社', scenes: [{ art: art('kiwi') }, { art: art('parcel') }, { art: art('kiwi'), stat: { value: 5580, unit: '箱' } }] },
  'shanpin-rural-goods-2.mp4': { place: '云南 · 永胜县', scenes: [{ art: art('pomegranate') }, { art: () => live() }, { art: () => classroom('电商培训', '善品公社 · 合作社') }] },
  'bayannur-recovery-1.mp4': { place: '内蒙古 · 五原县', scenes: [{ art: art('sunflowers') }, { art: art('grain'), stat: { value: 600, unit: '户' } }, { art: () => truck('救灾物资', 'sacks'), stat: { value: 3, unit: '车次' } }] },
  'bayannur-recovery-2.mp4': { place: '内蒙古 · 五原县', scenes: [{ art: () => truck('救灾物资', 'sacks') }, { art: art('quilts'), stat: { value: 260, unit: '床棉被' } }, { art: () => ART.thanks().replace(/#F43F5E/g, '#B45309') }] },
}

/** A supporter's picture of a dish, cooked for real. */
const CHILD_ARTISTS = ['二年级 小雨', '一年级 朵朵', '三年级 小军', '二年级 妞妞', '四年级 石头', '一年级 乐乐']

function boards(): Map<string, Board> {
  const all = new Map<string, Board>()
  demoVideoUpdates.forEach((update, i) => {
    const project = demoProjects.find((p) => p.slug === update.project)!
    const scenes = SCENES[update.file]
    if (!scenes) throw new Error(`no scenes drawn for ${update.file}`)
    all.set(update.file, { handle: HANDLES[project.organization]!, place: scenes.place, palette: PALETTES[project.slug]!, scenes: scenes.scenes, captions: update.captions, chord: CHORDS[i % CHORDS.length]! })
  })
  demoChallengeVideos.forEach((video, i) => {
    const kind = video.dish as Dish
    all.set(video.file, {
      handle: video.authorDisplayName,
      palette: CHALLENGE_PALETTE,
      scenes: [{ art: () => drawing(kind, CHILD_ARTISTS[i]!) }, { art: ART.pan }, { art: () => plated(kind) }],
      captions: [`小朋友画的${video.dish}`, '照着画，做一份真的', '#点画成真 · 每 4 元一顿午餐'],
      chord: CHORDS[(i + 1) % CHORDS.length]!,
    })
  })
  return all
}

/** The largest caption size (px) that keeps the line inside the frame: CJK a full em, the rest about half. */
function captionSize(text: string) {
  const ems = [...text].reduce((sum, c) => sum + (/[\u2E80-\uFFEF]/.test(c) ? 1 : 0.55), 0)
  return Math.min(38, Math.floor(460 / ems))
}

/** One video as a page whose animations `seek(ms)` steps. */
function page(board: Board) {
  const { sky, ink, accent } = board.palette
  const visible = (i: number) => {
    // Each scene fades in (except the first) and out (except the last) around its SCENE seconds.
    const start = Math.max(0, i * SCENE - FADE / 2)
    const end = Math.min(DURATION, (i + 1) * SCENE + FADE / 2)
    const length = end - start
    const pct = (s: number) => ((s / length) * 100).toFixed(2)
    const frames = [`0%{opacity:${i === 0 ? 1 : 0}}`, `${pct(i === 0 ? 0.01 : FADE)}%{opacity:1}`, `${pct(length - (i === 2 ? 0.01 : FADE))}%{opacity:1}`, `100%{opacity:${i === 2 ? 1 : 0}}`]
    return { start, length, keyframes: `@keyframes show${i}{${frames.join('')}}` }
  }
  const scenes = board.scenes.map((scene, i) => {
    const { start, length } = visible(i)
    const stat = scene.stat
      ? `<div class="stat" style="animation-delay:${start + 0.3}s"><b data-count="${scene.stat.value}" data-start="${start + 0.3}">0</b><span>${escapeHtml(scene.stat.unit)}</span></div>`
      : ''
    return `<section style="animation:show${i} ${length}s linear both;animation-delay:${start}s">
      <div class="art"><div class="kb ${i % 2 ? 'kb-left' : 'kb-right'}" style="animation-duration:${length}s;animation-delay:${start}s">${svg(scene.art(), 600)}</div></div>
      ${stat}
      <p class="caption" style="animation-delay:${start + 0.2}s;font-size:${captionSize(board.captions[i]!)}px">${escapeHtml(board.captions[i]!)}</p>
    </section>`
  })
  const bars = [0, 1, 2].map((i) => `<i><b style="animation-delay:${i * SCENE}s;animation-duration:${SCENE}s"></b></i>`).join('')
  return `<!doctype html><meta charset="utf-8"><style>
  body{margin:0;width:${WIDTH}px;height:${HEIGHT}px;overflow:hidden;font-family:'Noto Sans CJK SC',sans-serif;background:linear-gradient(170deg,${sky[0]},${sky[1]})}
  section{position:absolute;inset:0;opacity:0}
  .art{position:absolute;left:-30px;top:120px;width:600px;height:660px;overflow:hidden;-webkit-mask-image:linear-gradient(to bottom,transparent 0,#000 8%,#000 86%,transparent 100%)}
  .kb{width:600px;height:600px;margin-top:30px;animation:kb-right linear both}
  .kb.kb-left{animation-name:kb-left}
  @keyframes kb-right{from{transform:scale(1)}to{transform:scale(1.05) translate(-6px,-6px)}}
  @keyframes kb-left{from{transform:scale(1.05) translate(-6px,-4px)}to{transform:scale(1)}}
  .caption{position:absolute;left:24px;right:24px;bottom:100px;margin:0;padding:16px 12px;border-radius:18px;background:rgba(15,23,42,.66);color:#fff;font-weight:700;line-height:1.3;text-align:center;white-space:nowrap;animation:rise .45s ease-out both}
  @keyframes rise{from{opacity:0;transform:translateY(30px)}to{opacity:1;transform:none}}
  .stat{position:absolute;left:0;right:0;top:610px;text-align:center;animation:pop .4s cubic-bezier(.3,1.6,.5,1) both}
  .stat b{font-size:104px;font-weight:900;color:#fff;-webkit-text-stroke:3px ${ink};text-shadow:0 6px 0 ${accent}}
  .stat span{margin-left:10px;font-size:40px;font-weight:900;color:${ink};background:rgba(255,255,255,.85);padding:4px 14px;border-radius:12px;vertical-align:24px}
  @keyframes pop{from{opacity:0;transform:scale(.4)}to{opacity:1;transform:none}}
  .bars{position:absolute;left:16px;right:16px;top:14px;display:flex;gap:6px}
  .bars i{flex:1;height:5px;border-radius:3px;background:rgba(255,255,255,.45);overflow:hidden}
  .bars b{display:block;height:100%;background:#fff;transform-origin:left;animation:fill linear both}
  @keyframes fill{from{transform:scaleX(0)}to{transform:scaleX(1)}}
  .who{position:absolute;left:18px;top:32px;display:flex;align-items:center;gap:12px;color:${ink};font-size:26px;font-weight:700}
  .who .avatar{width:54px;height:54px;border-radius:50%;background:${accent};color:#fff;display:flex;align-items:center;justify-content:center;font-size:28px;border:3px solid #fff}
  .who small{display:block;font-size:20px;font-weight:400;opacity:.8}
  .mark{position:absolute;right:18px;top:44px;color:${ink};opacity:.55;font-size:20px}
  ${board.scenes.map((_, i) => visible(i).keyframes).join('\n')}
  ${ANIMATION_CSS}
  </style>
  ${scenes.join('')}
  <div class="bars">${bars}</div>
  <div class="who"><span class="avatar">${escapeHtml([...board.handle][0]!)}</span><span>@${escapeHtml(board.handle)}${board.place ? `<small>${escapeHtml(board.place)}</small>` : ''}</span></div>
  <div class="mark">阳光公益</div>
  <script>
  window.seek = (ms) => {
    for (const a of document.getAnimations()) { a.pause(); a.currentTime = ms }
    for (const el of document.querySelectorAll('[data-count]')) {
      const p = Math.min(1, Math.max(0, (ms / 1000 - Number(el.dataset.start)) / 0.6))
      const eased = 1 - Math.pow(1 - p, 3)
      el.textContent = Math.round(Number(el.dataset.count) * eased).toLocaleString('zh-CN')
    }
  }
  </script>`
}

/** Renders the frames into ffmpeg, with a soft chord fading in and out under them. */
async function encode(tab: Page, board: Board, output: string) {
  await tab.setContent(page(board))
  await tab.evaluate(() => document.fonts.ready)
  const [a, b, c] = board.chord
  const tone = `aevalsrc=0.05*(sin(2*PI*${a}*t)+0.7*sin(2*PI*${b}*t)+0.5*sin(2*PI*${c}*t))*(0.75+0.25*sin(2*PI*0.4*t)):s=44100:d=${DURATION}`
  const args = [
    '-v', 'error', '-y',
    '-f', 'image2pipe', '-framerate', String(FPS), '-c:v', 'mjpeg', '-i', '-',
    '-f', 'lavfi', '-i', tone,
    '-filter_complex', `[1:a]afade=t=in:d=0.6,afade=t=out:st=${DURATION - 0.9}:d=0.9[a]`,
    '-map', '0:v', '-map', '[a]',
    // Constant quality, capped so a busy picture (the book's pages) stays near the others' size.
    '-c:v', 'libx264', '-preset', 'slow', '-tune', 'animation', '-crf', '33', '-maxrate', '200k', '-bufsize', '400k',
    '-pix_fmt', 'yuv420p', '-profile:v', 'main', '-g', String(FPS * 2), '-threads', '2',
    '-c:a', 'aac', '-b:a', '32k', '-ac', '1',
    '-movflags', '+faststart', '-shortest', output,
  ]
  const ffmpeg = spawn(videoBinaries().ffmpeg, args, { stdio: ['pipe', 'inherit', 'inherit'] })
  const done = new Promise<void>((resolve, reject) => ffmpeg.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code} for ${output}`)))))
  // Straight from DevTools: a quarter faster than page.screenshot, which does more around each capture.
  const devtools = await tab.context().newCDPSession(tab)
  const frames = Math.round(DURATION * FPS)
  for (let i = 0; i < frames; i++) {
    await tab.evaluate((ms) => (window as unknown as { seek: (ms: number) => void }).seek(ms), (i * 1000) / FPS)
    const { data } = await devtools.send('Page.captureScreenshot', { format: 'jpeg', quality: 92 })
    const jpeg = Buffer.from(data, 'base64')
    if (!ffmpeg.stdin.write(jpeg)) await new Promise((resolve) => ffmpeg.stdin.once('drain', resolve))
  }
  ffmpeg.stdin.end()
  await devtools.detach()
  await done
}

/** One still from the middle of each scene (the --preview option). */
async function stills(tab: Page, board: Board, prefix: string) {
  await tab.setContent(page(board))
  await tab.evaluate(() => document.fonts.ready)
  for (const i of [0, 1, 2]) {
    await tab.evaluate((ms) => (window as unknown as { seek: (ms: number) => void }).seek(ms), (i * SCENE + 1.6) * 1000)
    await tab.screenshot({ path: `${prefix}-${i}.jpg`, type: 'jpeg', quality: 70 })
  }
}

async function main() {
  mkdirSync(OUT, { recursive: true })
  const all = boards()
  const args = process.argv.slice(2)
  const previewAt = args.indexOf('--preview')
  const preview = previewAt === -1 ? null : args.splice(previewAt, 2)[1]!
  const wanted = args
  const unknown = wanted.filter((name) => !all.has(name))
  if (unknown.length) throw new Error(`not a demo video: ${unknown.join(', ')}`)
  const manifest: Record<string, DemoVideoFile> = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : {}
  const browser = await launchChromium()
  const tab = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 })
  for (const [name, board] of all) {
    if (wanted.length && !wanted.includes(name)) continue
    if (preview) {
      await stills(tab, board, join(preview, name.replace(/\.mp4$/, '')))
      continue
    }
    const path = join(OUT, name)
    await encode(tab, board, path)
    const probe = await probeVideo(path)
    if (!probe.ok) throw new Error(`${name}: ${probe.error}`)
    const poster = name.replace(/\.mp4$/, '.jpg')
    await extractPoster(path, join(OUT, poster), probe.info.durationMs)
    manifest[name] = { durationMs: probe.info.durationMs, width: probe.info.width, height: probe.info.height, poster }
    console.log(`videos/${name} ${Math.round(statSync(path).size / 1024)} KB, poster ${Math.round(statSync(join(OUT, poster)).size / 1024)} KB`)
  }
  await browser.close()
  if (preview) return
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)))
  writeFileSync(MANIFEST, `${JSON.stringify(sorted, null, 2)}\n`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
