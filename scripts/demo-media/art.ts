/**
 * The demo's illustrations, drawn as SVG: flat, warm pictures of the things the seeded projects are
 * about (a lunch tray, a village school, a dog and a cat, a thread-bound book …). Each piece fills a
 * 600 × 600 box with its ground near y = 540 and is used twice: composed into project covers
 * (covers.ts) and animated in the update videos (videos.ts), where classes such as `steam`, `bob`,
 * `wag`, `float`, `fall` and `spin` get their CSS animations (ANIMATION_CSS).
 */

export type ArtKey =
  | 'tray' | 'children' | 'truck' | 'kitchen' | 'clipboard' | 'school' | 'cook' | 'drumstick' | 'construction'
  | 'dogcat' | 'clinic' | 'adopted' | 'book' | 'tools' | 'mountains' | 'singers' | 'classroom' | 'training'
  | 'bluewall' | 'warmpack' | 'handout' | 'safety' | 'kiwi' | 'parcel' | 'pomegranate' | 'live' | 'grain' | 'quilts'
  | 'sunflowers' | 'thanks' | 'pan'

/**
 * The point an animated element turns or grows about, in its own coordinates. (Chromium misplaces
 * elements animated with transform-box: fill-box when their box has negative coordinates, so
 * pieces drawn about their own origin say where it is.)
 */
const at = (x: number, y: number) => `style="transform-origin:${x}px ${y}px"`

const SKIN = '#F5C9A4'
const HAIR = '#2B2118'

/** Rising wisps above (x, y). */
function steam(x: number, y: number, scale = 1, color = '#ffffff') {
  const wisp = (dx: number, delay: number) =>
    `<path class="steam" style="animation-delay:${delay}s" d="M${dx} 0 c-14 -18 14 -30 0 -48 c-14 -18 14 -30 0 -48" fill="none" stroke="${color}" stroke-width="9" stroke-linecap="round" opacity=".85"/>`
  return `<g transform="translate(${x} ${y}) scale(${scale})">${wisp(-34, 0)}${wisp(0, 0.6)}${wisp(34, 1.2)}</g>`
}

function heart(x: number, y: number, size: number, color: string, cls = '') {
  const s = size / 40
  return `<g transform="translate(${x} ${y}) scale(${s})"><path class="${cls}" ${at(0, 17)} d="M0 12 C-4 -2 -24 -4 -24 10 C-24 22 -8 30 0 38 C8 30 24 22 24 10 C24 -4 4 -2 0 12Z" fill="${color}"/></g>`
}

interface ChildStyle {
  shirt: string
  pants?: string
  skin?: string
  hair?: string
  girl?: boolean
  arms?: 'down' | 'up' | 'wave' | 'hold'
  mouth?: 'smile' | 'sing'
  hat?: string
}

/** A child standing with feet at (x, y), about 220 px tall at scale 1. */
export function child(x: number, y: number, scale: number, style: ChildStyle) {
  const skin = style.skin ?? SKIN
  const hair = style.hair ?? HAIR
  const pants = style.pants ?? '#334155'
  const arms = style.arms ?? 'down'
  const armPath = {
    down: 'M-30 -118 l-14 52 M30 -118 l14 52',
    up: 'M-30 -118 l-30 -50 M30 -118 l30 -50',
    wave: 'M-30 -118 l-14 52 M30 -118 l34 -44',
    hold: 'M-30 -118 l6 40 l30 0 M30 -118 l-6 40 l-30 0',
  }[arms]
  const hands = {
    down: '<circle cx="-44" cy="-64" r="9"/><circle cx="44" cy="-64" r="9"/>',
    up: '<circle cx="-60" cy="-170" r="9"/><circle cx="60" cy="-170" r="9"/>',
    wave: `<circle cx="-44" cy="-64" r="9"/><circle class="wave" cx="64" cy="-164" r="9"/>`,
    hold: '<circle cx="0" cy="-78" r="9"/>',
  }[arms]
  const mouth = style.mouth === 'sing' ? '<ellipse cx="0" cy="-150" rx="7" ry="9" fill="#7A2323"/>' : '<path d="M-9 -152 q9 9 18 0" stroke="#7A2323" stroke-width="3.5" fill="none" stroke-linecap="round"/>'
  const pigtails = style.girl ? `<circle cx="-36" cy="-186" r="13" fill="${hair}"/><circle cx="36" cy="-186" r="13" fill="${hair}"/>` : ''
  const hat = style.hat
    ? `<path d="M-34 -196 q34 -40 68 0 z" fill="${style.hat}"/><rect x="-36" y="-200" width="72" height="10" rx="5" fill="#111"/><circle cx="0" cy="-232" r="7" fill="#F5B700"/>`
    : ''
  return `<g transform="translate(${x} ${y}) scale(${scale})">
    <rect x="-22" y="-56" width="17" height="56" rx="7" fill="${pants}"/><rect x="5" y="-56" width="17" height="56" rx="7" fill="${pants}"/>
    <ellipse cx="-14" cy="-2" rx="15" ry="7" fill="#222"/><ellipse cx="14" cy="-2" rx="15" ry="7" fill="#222"/>
    <g stroke="${style.shirt}" stroke-width="17" stroke-linecap="round" fill="none"><path d="${armPath}"/></g>
    <g fill="${skin}">${hands}</g>
    <rect x="-32" y="-132" width="64" height="84" rx="22" fill="${style.shirt}"/>
    ${pigtails}
    <circle cx="0" cy="-170" r="34" fill="${skin}"/>
    <path d="M-35 -172 q2 -40 35 -40 q33 0 35 40 q-10 -20 -35 -22 q-25 2 -35 22z" fill="${hair}"/>
    ${hat}
    <circle cx="-12" cy="-170" r="4" fill="#222"/><circle cx="12" cy="-170" r="4" fill="#222"/>
    <circle cx="-21" cy="-158" r="6" fill="#F08080" opacity=".45"/><circle cx="21" cy="-158" r="6" fill="#F08080" opacity=".45"/>
    ${mouth}
  </g>`
}

/** A grown-up, feet at (x, y), about 300 px tall at scale 1. */
function adult(x: number, y: number, scale: number, o: { shirt: string; apron?: string; hair?: string; grey?: boolean; arms?: 'down' | 'ladle' | 'hold'; pants?: string }) {
  const hair = o.grey ? '#9CA3AF' : (o.hair ?? HAIR)
  const arms = o.arms ?? 'down'
  const armPath = { down: 'M-38 -196 l-18 80 M38 -196 l18 80', ladle: 'M-38 -196 l-10 70 l40 -8 M38 -196 l40 40 l20 -30', hold: 'M-38 -196 l0 60 l40 0 M38 -196 l0 60 l-40 0' }[arms]
  const apron = o.apron ? `<path d="M-30 -180 h60 v120 q-30 12 -60 0z" fill="${o.apron}"/><path d="M-30 -180 l-8 -30 M30 -180 l8 -30" stroke="${o.apron}" stroke-width="5"/>` : ''
  const ladle = arms === 'ladle' ? '<path d="M98 -186 l40 -70" stroke="#6B7280" stroke-width="7" stroke-linecap="round"/><ellipse cx="142" cy="-262" rx="16" ry="10" fill="#9CA3AF"/>' : ''
  return `<g transform="translate(${x} ${y}) scale(${scale})">
    <rect x="-28" y="-80" width="22" height="80" rx="8" fill="${o.pants ?? '#374151'}"/><rect x="6" y="-80" width="22" height="80" rx="8" fill="${o.pants ?? '#374151'}"/>
    <ellipse cx="-18" cy="-2" rx="18" ry="8" fill="#222"/><ellipse cx="18" cy="-2" rx="18" ry="8" fill="#222"/>
    ${ladle}
    <g stroke="${o.shirt}" stroke-width="20" stroke-linecap="round" stroke-linejoin="round" fill="none"><path d="${armPath}"/></g>
    <rect x="-42" y="-214" width="84" height="140" rx="26" fill="${o.shirt}"/>
    ${apron}
    <circle cx="0" cy="-252" r="38" fill="${SKIN}"/>
    <path d="M-39 -256 q0 -44 39 -44 q39 0 39 44 q-12 -22 -39 -24 q-27 2 -39 24z" fill="${hair}"/>
    <circle cx="-13" cy="-252" r="4.5" fill="#222"/><circle cx="13" cy="-252" r="4.5" fill="#222"/>
    <path d="M-11 -232 q11 10 22 0" stroke="#7A2323" stroke-width="4" fill="none" stroke-linecap="round"/>
  </g>`
}

function ground(color: string, y = 520) {
  return `<path d="M0 ${y} q150 -18 300 0 t300 0 V600 H0z" fill="${color}"/>`
}

function sun(x: number, y: number, r: number, color = '#FFD24A') {
  const rays = Array.from({ length: 12 }, (_, i) => {
    const a = (i * Math.PI) / 6
    return `<line x1="${Math.cos(a) * (r + 12)}" y1="${Math.sin(a) * (r + 12)}" x2="${Math.cos(a) * (r + 30)}" y2="${Math.sin(a) * (r + 30)}"/>`
  }).join('')
  return `<g transform="translate(${x} ${y})"><g class="spin-slow" ${at(0, 0)} stroke="${color}" stroke-width="7" stroke-linecap="round">${rays}</g><circle r="${r}" fill="${color}"/></g>`
}

// ── Dishes (also the challenge pictures: drawn plainly, then "for real") ─────────────────────────

export type Dish = '番茄炒蛋' | '红烧肉' | '饺子' | '鸡腿' | '大包子' | '热汤面' | '糖醋鱼'

/** A dish on its plate or in its bowl, centred at (x, y), about 300 px wide at scale 1. */
export function dish(kind: Dish, x: number, y: number, scale = 1) {
  const plate = '<ellipse cx="0" cy="10" rx="150" ry="62" fill="#fff" stroke="#E2E8F0" stroke-width="6"/><ellipse cx="0" cy="6" rx="110" ry="42" fill="#F8FAFC"/>'
  const bowl = '<path d="M-140 -10 h280 q-10 110 -140 120 q-130 -10 -140 -120z" fill="#fff" stroke="#CBD5E1" stroke-width="5"/><path d="M-120 60 h240" stroke="#60A5FA" stroke-width="8"/><ellipse cx="0" cy="-10" rx="140" ry="30" fill="#F1F5F9" stroke="#CBD5E1" stroke-width="5"/>'
  const body = (() => {
    switch (kind) {
      case '番茄炒蛋':
        return `${plate}<g><path d="M-80 0 q20 -40 60 -20 q30 -30 70 0 q40 0 20 30 q-60 30 -150 -10z" fill="#FACC15"/>
          <path d="M-50 -6 l24 -14 l16 22 z M10 -22 l26 4 l-6 24 z M40 6 l24 -8 l4 22 z M-20 14 l20 -10 l10 20 z" fill="#DC2626"/>
          <path d="M-60 10 q10 -10 20 0 M20 -4 q10 -8 18 2" stroke="#FDE68A" stroke-width="5" fill="none"/><circle cx="-30" cy="-18" r="4" fill="#16A34A"/><circle cx="26" cy="-30" r="4" fill="#16A34A"/></g>`
      case '红烧肉':
        return `${plate}${[[-60, -10], [-10, -22], [40, -8], [-36, 16], [14, 12], [62, 18]]
          .map(([dx, dy]) => `<g transform="translate(${dx} ${dy})"><rect x="-22" y="-18" width="44" height="36" rx="8" fill="#8B2E0F"/><rect x="-22" y="-18" width="44" height="10" rx="5" fill="#F5D0A9"/><rect x="-22" y="0" width="44" height="6" fill="#F5D0A9" opacity=".8"/><path d="M-14 -12 h14" stroke="#fff" stroke-width="3" opacity=".7"/></g>`)
          .join('')}<circle cx="-80" cy="10" r="6" fill="#16A34A"/><circle cx="80" cy="-6" r="6" fill="#16A34A"/>`
      case '饺子':
        return `${plate}${[[-64, 0], [0, -16], [64, 0], [-30, 22], [34, 22]]
          .map(([dx, dy]) => `<g transform="translate(${dx} ${dy})"><path d="M-38 8 q38 -56 76 0 q-38 18 -76 0z" fill="#FFFBEB" stroke="#E7D8B0" stroke-width="3"/><path d="M-24 -8 l6 8 M-10 -16 l4 10 M6 -17 l0 10 M20 -10 l-4 8" stroke="#D6C49A" stroke-width="3" stroke-linecap="round"/></g>`)
          .join('')}<ellipse cx="100" cy="30" rx="26" ry="12" fill="#7C2D12" opacity=".8"/>`
      case '鸡腿':
        return `${plate}<g transform="rotate(-18)"><path d="M-90 -10 q-10 -60 60 -54 q60 8 50 50 q-8 34 -60 30 z" fill="#B45309"/><path d="M-70 -30 q30 -20 70 -6" stroke="#F59E0B" stroke-width="8" fill="none" stroke-linecap="round" opacity=".7"/>
          <rect x="18" y="-14" width="80" height="16" rx="8" fill="#FEF3C7"/><circle cx="100" cy="-14" r="12" fill="#FEF3C7"/><circle cx="100" cy="4" r="12" fill="#FEF3C7"/></g><circle cx="-90" cy="24" r="7" fill="#16A34A"/>`
      case '大包子':
        return `<ellipse cx="0" cy="30" rx="160" ry="50" fill="#C08A4A"/><ellipse cx="0" cy="14" rx="150" ry="42" fill="#E4B978"/><path d="M-150 14 v20 q150 60 300 0 v-20" fill="#B7793A"/>
          ${[[-70, 0], [0, -16], [70, 0]]
            .map(([dx, dy]) => `<g transform="translate(${dx} ${dy})"><path d="M-52 20 q0 -66 52 -66 q52 0 52 66 q-52 16 -104 0z" fill="#FFFDF5" stroke="#E5E0CF" stroke-width="3"/><path d="M0 -44 l-16 24 M0 -44 l-4 26 M0 -44 l10 25 M0 -44 l22 20" stroke="#E5DCC3" stroke-width="3" stroke-linecap="round"/></g>`)
            .join('')}`
      case '热汤面':
        return `${bowl}<path d="M-110 -14 q30 14 60 0 t60 0 t60 0 t40 0" stroke="#FDE68A" stroke-width="7" fill="none"/><path d="M-110 -2 q30 12 60 0 t60 0 t60 0 t40 0" stroke="#FCD34D" stroke-width="7" fill="none"/>
          <ellipse cx="40" cy="-22" rx="30" ry="16" fill="#fff"/><circle cx="40" cy="-22" r="11" fill="#FBBF24"/><path d="M-70 -26 q20 -14 40 -4" stroke="#16A34A" stroke-width="10" fill="none" stroke-linecap="round"/><circle cx="-10" cy="-30" r="6" fill="#22C55E"/><circle cx="92" cy="-16" r="5" fill="#22C55E"/>`
      case '糖醋鱼':
        return `${plate}<g><path d="M-110 0 q60 -56 170 -10 q-110 54 -170 10z" fill="#C2410C"/><path d="M56 -10 l52 -36 l-6 40 l6 40 z" fill="#C2410C"/><circle cx="-82" cy="-8" r="6" fill="#fff"/><circle cx="-82" cy="-8" r="3" fill="#111"/>
          <path d="M-50 -20 l14 30 M-20 -24 l14 32 M10 -20 l14 28" stroke="#7C2D12" stroke-width="5" stroke-linecap="round"/><path d="M-70 -22 q60 -20 110 0" stroke="#FDBA74" stroke-width="6" fill="none" opacity=".8"/>
          <circle cx="-30" cy="24" r="5" fill="#16A34A"/><circle cx="30" cy="20" r="5" fill="#16A34A"/><circle cx="0" cy="28" r="4" fill="#FACC15"/></g>`
    }
  })()
  return `<g transform="translate(${x} ${y}) scale(${scale})">${body}</g>`
}

/** The child's picture of a dish: crayon on paper, taped up, signed. */
export function drawing(kind: Dish, by: string) {
  return `<defs><filter id="crayon" x="-10%" y="-10%" width="120%" height="120%"><feTurbulence type="fractalNoise" baseFrequency=".9" numOctaves="2" seed="7"/><feDisplacementMap in="SourceGraphic" scale="7"/></filter></defs>
  <g transform="rotate(-3 300 300)">
    <rect x="60" y="70" width="480" height="430" fill="#FFFDF6" stroke="#E5DFC9" stroke-width="3"/>
    <rect x="250" y="54" width="100" height="32" fill="#FDE68A" opacity=".8" transform="rotate(4 300 70)"/>
    <g filter="url(#crayon)">
      ${sun(470, 140, 26, '#FBBF24')}
      <path d="M90 470 q210 -24 420 0" stroke="#65A30D" stroke-width="10" fill="none" stroke-linecap="round"/>
      ${dish(kind, 300, 300, 1.2)}
      ${heart(130, 150, 34, '#F472B6')}
    </g>
    <text x="500" y="480" text-anchor="end" font-size="26" fill="#2563EB" font-family="Noto Sans CJK SC" transform="rotate(-4 500 480)">${by}</text>
  </g>`
}

/** A wok over a flame, the dish tossing in it. */
function pan() {
  return `${ground('#E7E5E4', 540)}
    <rect x="80" y="430" width="440" height="110" rx="14" fill="#57534E"/><rect x="80" y="420" width="440" height="24" rx="10" fill="#78716C"/>
    <g class="flicker"><path d="M240 430 q20 -50 60 -60 q-10 30 10 40 q20 -40 40 -40 q-16 40 10 60z" fill="#F97316"/><path d="M270 430 q20 -30 30 -30 q0 20 20 30z" fill="#FDE047"/></g>
    <g class="toss"><path d="M150 340 q150 130 300 0z" fill="#1F2937"/><path d="M450 340 l90 -36" stroke="#1F2937" stroke-width="16" stroke-linecap="round"/>
      <circle cx="260" cy="340" r="16" fill="#DC2626"/><circle cx="300" cy="330" r="18" fill="#FACC15"/><circle cx="340" cy="342" r="14" fill="#DC2626"/><circle cx="320" cy="300" r="10" fill="#16A34A" class="hop"/></g>
    ${steam(300, 250, 1, '#F5F5F4')}`
}

// ── Free lunch ─────────────────────────────────────────────────────────────────────────────────

function tray() {
  return `<g transform="rotate(-4 300 330)">
    <rect x="40" y="150" width="520" height="360" rx="40" fill="#94A3B8"/><rect x="56" y="166" width="488" height="328" rx="30" fill="#CBD5E1"/>
    <rect x="76" y="186" width="220" height="150" rx="22" fill="#E2E8F0"/><rect x="312" y="186" width="212" height="150" rx="22" fill="#E2E8F0"/>
    <rect x="76" y="352" width="140" height="124" rx="20" fill="#E2E8F0"/><rect x="230" y="352" width="140" height="124" rx="20" fill="#E2E8F0"/><rect x="384" y="352" width="140" height="124" rx="20" fill="#E2E8F0"/>
    <path d="M96 300 q90 -120 180 0z" fill="#FFFFFF"/>${Array.from({ length: 14 }, (_, i) => `<ellipse cx="${120 + (i % 7) * 20}" cy="${270 + Math.floor(i / 7) * 16}" rx="6" ry="3" fill="#F1F5F9"/>`).join('')}
    ${dish('糖醋鱼', 418, 258, 0.62)}
    <g><path d="M96 440 q30 -60 100 -40 q-20 60 -100 40z" fill="#16A34A"/><path d="M110 430 q40 -30 70 -28" stroke="#86EFAC" stroke-width="4" fill="none"/></g>
    <g><ellipse cx="300" cy="414" rx="44" ry="34" fill="#fff"/><circle cx="300" cy="414" r="18" fill="#FBBF24"/></g>
    <g><circle cx="454" cy="414" r="48" fill="#FB923C"/><circle cx="454" cy="414" r="36" fill="#FDBA74"/><circle cx="440" cy="404" r="6" fill="#16A34A"/><circle cx="466" cy="424" r="5" fill="#16A34A"/></g>
  </g>${steam(190, 170)}${steam(420, 176, 0.8)}`
}

function children(count = 3) {
  const kids = [
    child(150, 540, 1.15, { shirt: '#EF4444', arms: 'up', girl: true }),
    child(300, 540, 1.25, { shirt: '#3B82F6', arms: 'wave' }),
    child(450, 540, 1.15, { shirt: '#F59E0B', arms: 'up', girl: true, hair: '#3B2A20' }),
    child(225, 540, 0.9, { shirt: '#10B981', arms: 'down' }),
    child(375, 540, 0.9, { shirt: '#8B5CF6', arms: 'down', girl: true }),
  ]
  const order = count > 3 ? [3, 4, 0, 1, 2] : [0, 1, 2]
  return `${ground('#A3D977')}<g class="bob">${order.map((i) => kids[i]).join('')}</g>${heart(90, 120, 44, '#F43F5E', 'float')}${heart(500, 150, 36, '#FB7185', 'float d2')}`
}

function truck(label = '爱心配送', cargo: 'boxes' | 'sacks' = 'boxes') {
  const load =
    cargo === 'sacks'
      ? Array.from({ length: 6 }, (_, i) => `<ellipse cx="${150 + (i % 3) * 70}" cy="${250 - Math.floor(i / 3) * 46}" rx="36" ry="26" fill="#E7D7B1" stroke="#B9A47A" stroke-width="3"/>`).join('')
      : Array.from({ length: 6 }, (_, i) => `<rect x="${112 + (i % 3) * 76}" y="${212 - Math.floor(i / 3) * 56}" width="68" height="52" rx="4" fill="#D6A15B" stroke="#A16207" stroke-width="3"/><path d="M${146 + (i % 3) * 76} ${212 - Math.floor(i / 3) * 56} v52" stroke="#A16207" stroke-width="2"/>`).join('')
  return `<rect x="0" y="430" width="600" height="170" fill="#6B7280"/><g class="road">${Array.from({ length: 8 }, (_, i) => `<rect x="${i * 100 - 40}" y="500" width="56" height="10" rx="5" fill="#F8FAFC"/>`).join('')}</g>
    <g class="rumble"><rect x="90" y="270" width="320" height="160" rx="12" fill="#F8FAFC" stroke="#CBD5E1" stroke-width="4"/>${load}
      <text x="250" y="375" text-anchor="middle" font-size="40" font-weight="700" fill="#EA580C" font-family="Noto Sans CJK SC">${label}</text>
      <path d="M410 300 h80 l60 60 v70 h-140z" fill="#EA580C"/><path d="M426 314 h58 l40 44 h-98z" fill="#BAE6FD"/>
      <rect x="540" y="390" width="20" height="16" rx="4" fill="#FDE047"/></g>
    <g transform="translate(170 440)"><g class="spin" ${at(0, 0)}><circle r="38" fill="#1F2937"/><circle r="16" fill="#9CA3AF"/><rect x="-3" y="-30" width="6" height="60" fill="#6B7280"/></g></g>
    <g transform="translate(470 440)"><g class="spin" ${at(0, 0)}><circle r="38" fill="#1F2937"/><circle r="16" fill="#9CA3AF"/><rect x="-3" y="-30" width="6" height="60" fill="#6B7280"/></g></g>`
}

function kitchen() {
  const tiles = Array.from({ length: 60 }, (_, i) => `<rect x="${(i % 10) * 60}" y="${Math.floor(i / 10) * 60}" width="58" height="58" fill="#E0F2F1"/>`).join('')
  const trays = Array.from({ length: 6 }, (_, i) => `<rect x="120" y="${188 + i * 40}" width="140" height="26" rx="4" fill="#CBD5E1" stroke="#94A3B8" stroke-width="2"/>`).join('')
  return `<rect width="600" height="600" fill="#B2DFDB"/>${tiles}<rect y="470" width="600" height="130" fill="#94A3B8"/>
    <rect x="90" y="140" width="200" height="380" rx="10" fill="#E5E7EB" stroke="#9CA3AF" stroke-width="5"/><rect x="106" y="172" width="168" height="260" rx="6" fill="#F1F5F9"/>${trays}
    <rect x="250" y="280" width="14" height="80" rx="6" fill="#6B7280"/><rect x="106" y="446" width="168" height="54" rx="6" fill="#D1D5DB"/><circle cx="140" cy="473" r="10" fill="#22C55E" class="blink"/><rect x="170" y="464" width="80" height="18" rx="4" fill="#1F2937"/><text x="210" y="478" text-anchor="middle" font-size="14" fill="#4ADE80" font-family="monospace">100°C</text>
    ${steam(190, 134, 0.8)}
    ${[0, 1, 2].map((i) => `<g transform="translate(${350 + i * 80} ${i === 1 ? 500 : 520})"><rect x="-34" y="-96" width="68" height="96" rx="10" fill="#D1D5DB" stroke="#9CA3AF" stroke-width="4"/><rect x="-38" y="-108" width="76" height="16" rx="6" fill="#9CA3AF"/><rect x="-10" y="-120" width="20" height="12" rx="4" fill="#6B7280"/><rect x="-24" y="-70" width="48" height="22" rx="4" fill="#0EA5E9"/><text x="0" y="-53" text-anchor="middle" font-size="15" font-weight="700" fill="#fff" font-family="Noto Sans CJK SC">${['一班', '二班', '三班'][i]}</text></g>`).join('')}`
}

function clipboard(title = '监测记录', items = ['出餐记录', '食材验收单', '市场价对比']) {
  const rows = items.map(
    (label, i) =>
      `<g transform="translate(170 ${250 + i * 80})"><rect x="0" y="-28" width="44" height="44" rx="8" fill="#fff" stroke="#64748B" stroke-width="4"/><path class="tick d${i}" d="M8 -6 l12 14 l22 -30" stroke="#16A34A" stroke-width="8" fill="none" stroke-linecap="round" stroke-linejoin="round"/><text x="64" y="6" font-size="34" fill="#1F2937" font-family="Noto Sans CJK SC">${label}</text></g>`,
  )
  return `<rect x="120" y="120" width="360" height="440" rx="22" fill="#A16207"/><rect x="140" y="150" width="320" height="396" rx="10" fill="#FFFBEB"/><rect x="240" y="104" width="120" height="48" rx="12" fill="#64748B"/>
    <text x="300" y="210" text-anchor="middle" font-size="30" font-weight="700" fill="#92400E" font-family="Noto Sans CJK SC">${title}</text>${rows.join('')}
    <g class="bob"><circle cx="470" cy="420" r="58" fill="#BFDBFE" fill-opacity=".55" stroke="#1E3A8A" stroke-width="12"/><path d="M512 462 l52 52" stroke="#1E3A8A" stroke-width="20" stroke-linecap="round"/></g>`
}

// ── Erlangmiao village school ──────────────────────────────────────────────────────────────────

function school(label = '二郎庙村小学') {
  return `${sun(500, 96, 40)}${ground('#9BD770', 500)}
    <g transform="translate(60 250)"><path d="M-10 70 l250 -80 l250 80z" fill="#B91C1C"/><rect x="10" y="66" width="460" height="190" fill="#FEF3C7"/>
      ${[40, 150, 330, 400].map((x) => `<rect x="${x}" y="110" width="56" height="56" fill="#7DD3FC" stroke="#fff" stroke-width="5"/>`).join('')}
      <rect x="216" y="150" width="60" height="106" fill="#92400E"/><rect x="160" y="80" width="160" height="30" fill="#FFF" stroke="#B91C1C" stroke-width="3"/>
      <text x="240" y="103" text-anchor="middle" font-size="22" font-weight="700" fill="#B91C1C" font-family="Noto Sans CJK SC">${label}</text></g>
    <rect x="90" y="150" width="8" height="370" fill="#9CA3AF"/><path class="flag" d="M98 156 q30 -10 60 0 t60 0 v50 q-30 -10 -60 0 t-60 0z" fill="#DC2626"/>
    ${[40, 560].map((x) => `<g><rect x="${x - 8}" y="420" width="16" height="90" fill="#92400E"/><circle cx="${x}" cy="400" r="44" fill="#4D7C0F"/></g>`).join('')}`
}

function cook() {
  return `<rect width="600" height="600" fill="#FDE68A" opacity=".35"/><rect y="420" width="600" height="180" fill="#A8A29E"/>
    ${adult(210, 560, 1.12, { shirt: '#2563EB', apron: '#F8FAFC', grey: true, arms: 'ladle' })}
    <g transform="translate(420 440)"><path d="M-120 -60 h240 q-8 110 -120 116 q-112 -6 -120 -116z" fill="#374151"/><ellipse cx="0" cy="-60" rx="120" ry="24" fill="#1F2937"/><ellipse cx="0" cy="-62" rx="104" ry="16" fill="#FBBF24"/><circle cx="-30" cy="-64" r="10" fill="#16A34A"/><circle cx="30" cy="-62" r="9" fill="#DC2626"/></g>
    ${steam(420, 340, 1.1)}`
}

function drumstick() {
  return `${heart(300, 120, 90, '#FB7185', 'pulse')}
    <g transform="translate(300 420)"><path d="M-190 -60 h380 q-14 140 -190 150 q-176 -10 -190 -150z" fill="#F8FAFC" stroke="#CBD5E1" stroke-width="6"/><path d="M-170 10 h340" stroke="#EF4444" stroke-width="10"/><ellipse cx="0" cy="-60" rx="190" ry="40" fill="#F1F5F9" stroke="#CBD5E1" stroke-width="6"/></g>
    ${dish('鸡腿', 250, 352, 0.8)}
    <g transform="translate(430 352)"><ellipse rx="52" ry="38" fill="#fff" stroke="#E5E7EB" stroke-width="3"/><ellipse rx="32" ry="28" fill="#FDE68A" opacity=".6"/></g>${steam(300, 300, 0.9)}`
}

function construction() {
  return `<rect width="600" height="600" fill="#E7E5E4"/><rect y="470" width="600" height="130" fill="#A8A29E"/>
    <rect x="60" y="120" width="480" height="350" fill="#F5F5F4" stroke="#D6D3D1" stroke-width="4"/>
    <rect x="330" y="80" width="70" height="200" fill="#D1D5DB" stroke="#9CA3AF" stroke-width="4"/><path d="M270 280 h190 l-30 70 h-130z" fill="#9CA3AF"/><rect x="330" y="40" width="70" height="50" fill="#D1D5DB"/>
    <circle cx="365" cy="180" r="18" fill="none" stroke="#6B7280" stroke-width="4"/>
    <path d="M90 440 v-120 h90" stroke="#0EA5E9" stroke-width="14" fill="none" stroke-linejoin="round"/><path d="M140 440 v-80 h80" stroke="#94A3B8" stroke-width="14" fill="none"/>
    <g class="bob">${adult(480, 560, 0.9, { shirt: '#F97316', arms: 'hold' })}<path d="M444 316 q36 -44 72 0z" fill="#FACC15"/></g>
    <g transform="translate(40 520)"><path d="M0 0 l40 -70 l40 70z" fill="#F97316"/><rect x="14" y="-34" width="52" height="10" fill="#fff"/></g>`
}

// ── Stray animals ──────────────────────────────────────────────────────────────────────────────

function dog(x: number, y: number, s: number, fur = '#C68642') {
  return `<g transform="translate(${x} ${y}) scale(${s})">
    <path class="wag" ${at(70, -70)} d="M70 -70 q60 -20 54 -80" stroke="${fur}" stroke-width="18" fill="none" stroke-linecap="round"/>
    <ellipse cx="10" cy="-60" rx="80" ry="62" fill="${fur}"/><rect x="-50" y="-30" width="24" height="30" rx="10" fill="${fur}"/><rect x="40" y="-30" width="24" height="30" rx="10" fill="${fur}"/>
    <ellipse cx="-10" cy="-50" rx="40" ry="34" fill="#F5DEB3"/>
    <circle cx="-40" cy="-150" r="56" fill="${fur}"/><path d="M-92 -176 q-22 50 10 80 q16 -40 8 -84z" fill="#8B5A2B"/><path d="M12 -184 q30 40 0 84 q-18 -40 -8 -84z" fill="#8B5A2B"/>
    <ellipse cx="-40" cy="-124" rx="30" ry="22" fill="#F5DEB3"/><ellipse cx="-40" cy="-136" rx="11" ry="8" fill="#222"/>
    <circle cx="-60" cy="-162" r="7" fill="#222"/><circle cx="-20" cy="-162" r="7" fill="#222"/><path d="M-52 -116 q12 10 24 0" stroke="#222" stroke-width="4" fill="none"/><path d="M-44 -112 q4 18 8 0" fill="#F87171"/>
    <rect x="-80" y="-104" width="80" height="12" rx="6" fill="#DC2626"/><circle cx="-40" cy="-90" r="8" fill="#FACC15"/>
  </g>`
}

function cat(x: number, y: number, s: number, fur = '#9CA3AF') {
  return `<g transform="translate(${x} ${y}) scale(${s})">
    <path class="sway" ${at(50, -10)} d="M50 -10 q80 0 60 -80 q-6 -24 -24 -14" stroke="${fur}" stroke-width="16" fill="none" stroke-linecap="round"/>
    <path d="M-50 0 q-10 -110 50 -120 q60 10 50 120z" fill="${fur}"/><ellipse cx="0" cy="-40" rx="26" ry="40" fill="#F3F4F6"/>
    <circle cx="0" cy="-150" r="50" fill="${fur}"/><path d="M-46 -170 l6 -50 l34 30z M46 -170 l-6 -50 l-34 30z" fill="${fur}"/><path d="M-38 -176 l4 -30 l18 18z M38 -176 l-4 -30 l-18 18z" fill="#FBCFE8"/>
    <ellipse class="blink-eye" ${at(-18, -154)} cx="-18" cy="-154" rx="7" ry="9" fill="#166534"/><ellipse class="blink-eye" ${at(18, -154)} cx="18" cy="-154" rx="7" ry="9" fill="#166534"/><path d="M-6 -134 l6 6 l6 -6z" fill="#F472B6"/>
    <path d="M-20 -130 h-34 M-20 -126 l-30 8 M20 -130 h34 M20 -126 l30 8" stroke="#4B5563" stroke-width="2.5"/>
  </g>`
}

function dogcat() {
  return `${ground('#FDBA74', 520)}${dog(220, 530, 1.3)}${cat(440, 530, 1.15)}${heart(320, 110, 60, '#F43F5E', 'float')}${heart(120, 160, 34, '#FB7185', 'float d2')}`
}

function clinic() {
  return `<rect width="600" height="600" fill="#ECFEFF"/><rect x="380" y="60" width="140" height="140" rx="24" fill="#fff" stroke="#0F766E" stroke-width="6"/><path d="M428 130 h44 M450 108 v44" stroke="#DC2626" stroke-width="22" stroke-linecap="round"/>
    <rect x="40" y="440" width="520" height="30" rx="10" fill="#94A3B8"/><rect x="70" y="470" width="20" height="90" fill="#94A3B8"/><rect x="510" y="470" width="20" height="90" fill="#94A3B8"/>
    ${cat(240, 440, 1.0, '#F59E0B')}<path d="M190 292 l-30 -60 h160 l-30 60z" fill="#E0F2FE" fill-opacity=".75" stroke="#38BDF8" stroke-width="4"/>
    <g transform="translate(440 360)"><g class="bob"><rect x="-12" y="-80" width="24" height="100" rx="6" fill="#fff" stroke="#64748B" stroke-width="4"/><rect x="-10" y="-40" width="20" height="56" fill="#7DD3FC"/><path d="M0 20 v30" stroke="#64748B" stroke-width="4"/><rect x="-20" y="-92" width="40" height="14" rx="4" fill="#64748B"/></g></g>`
}

function adopted() {
  return `${sun(90, 90, 34)}${ground('#86EFAC', 520)}
    <g transform="translate(330 300)"><path d="M-140 20 l140 -110 l140 110z" fill="#DC2626"/><rect x="-120" y="16" width="240" height="210" fill="#FDE68A"/><path d="M-50 226 v-110 q50 -60 100 0 v110z" fill="#7C2D12"/>${heart(0, -50, 40, '#fff')}</g>
    ${dog(160, 540, 0.95, '#F5F5F4')}${adult(470, 560, 0.95, { shirt: '#0EA5E9' })}${heart(300, 190, 40, '#F43F5E', 'float')}`
}

// ── Ancient books ──────────────────────────────────────────────────────────────────────────────

const CLASSIC = '天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈'

function book() {
  const column = (x: number, start: number) =>
    Array.from({ length: 8 }, (_, i) => `<text x="${x}" y="${170 + i * 40}" font-size="30" fill="#3F2A1D" font-family="Noto Serif CJK SC" text-anchor="middle">${CLASSIC[(start + i) % CLASSIC.length]}</text>`).join('')
  const holes = [[150, 250], [210, 330], [390, 210], [450, 380], [360, 440]] as const
  return `<rect width="600" height="600" fill="#5B3A29"/><rect x="20" y="20" width="560" height="560" fill="#6B4633"/>
    <path d="M40 120 q130 -20 260 0 v400 q-130 -20 -260 0z" fill="#F3E6C8"/><path d="M300 120 q130 -20 260 0 v400 q-130 -20 -260 0z" fill="#EEDDB8"/>
    <rect x="294" y="112" width="12" height="416" fill="#B08968"/>
    ${[0, 1, 2, 3, 4].map((i) => column(80 + i * 48, i * 8)).join('')}${[0, 1, 2, 3, 4].map((i) => column(332 + i * 48, 40 + i * 8)).join('')}
    ${holes.map(([x, y], i) => `<g><path d="M${x} ${y} q14 -16 26 -2 q10 18 -8 26 q-22 4 -18 -24z" fill="#8B5E3C"/><path class="patch d${i}" d="M${x - 8} ${y - 8} q20 -20 38 -2 q14 24 -10 36 q-30 6 -28 -34z" fill="#F8EED5" stroke="#E6D3A8" stroke-width="2"/></g>`).join('')}`
}

function tools() {
  return `${book()}<g class="brush"><rect x="150" y="300" width="230" height="26" rx="6" fill="#92400E"/><rect x="380" y="292" width="54" height="42" rx="4" fill="#F5F5F4"/><path d="M434 292 v42" stroke="#D6D3D1" stroke-width="8"/></g>
    <g transform="translate(430 150) rotate(30)"><g class="pluck"><path d="M0 0 l100 8 M0 0 l100 -8" stroke="#9CA3AF" stroke-width="8" stroke-linecap="round"/><circle r="6" fill="#6B7280"/></g></g>
    <g transform="translate(60 470)">${Array.from({ length: 5 }, (_, i) => `<rect x="${i * 26}" y="0" width="18" height="80" fill="#FAF3E0" stroke="#E5D5B0" stroke-width="2" transform="rotate(${-6 + i * 3})"/>`).join('')}</g>`
}

// ── Mawei children's art troupe ────────────────────────────────────────────────────────────────

function mountains() {
  return `${sun(430, 200, 60, '#FCD34D')}
    <path d="M0 380 l120 -150 l90 90 l110 -170 l140 190 l140 -90 v350 h-600z" fill="#7C3AED" opacity=".55"/>
    <path d="M0 450 l160 -130 l120 90 l130 -120 l190 160 v150 h-600z" fill="#4C1D95" opacity=".8"/>
    <path d="M0 520 q150 -40 300 0 t300 0 v80 h-600z" fill="#1E1B4B"/>
    ${([[120, 140], [200, 90], [520, 110]] as const).map(([x, y], i) => `<path class="float d${i}" d="M${x} ${y} v-40 l24 -8 v40" stroke="#FDE68A" stroke-width="5" fill="none"/><circle class="float d${i}" cx="${x - 8}" cy="${y}" r="9" fill="#FDE68A"/>`).join('')}`
}

function singers() {
  const yi = (x: number, s: number, girl: boolean, shirt: string) => child(x, 540, s, { shirt, girl, mouth: 'sing', arms: 'down', hat: girl ? '#DC2626' : '#111827', pants: '#111827' })
  const notes = ([[90, 200], [250, 120], [420, 150], [520, 240]] as const).map(([x, y], i) => `<g class="float d${i}"><path d="M${x} ${y} v-44 l26 -8 v44" stroke="#B91C1C" stroke-width="6" fill="none"/><circle cx="${x - 8}" cy="${y}" r="11" fill="#B91C1C"/><circle cx="${x + 18}" cy="${y - 8}" r="11" fill="#B91C1C"/></g>`)
  return `${ground('#FDE68A', 520)}<path d="M0 540 h600" stroke="#B91C1C" stroke-width="10" stroke-dasharray="20 14"/>
    <g class="bob">${yi(120, 1.05, true, '#B91C1C')}${yi(240, 1.12, false, '#111827')}${yi(360, 1.12, true, '#F59E0B')}${yi(480, 1.05, false, '#B91C1C')}</g>${notes.join('')}`
}

function classroom(title = '新学期 加油！', sub = '昭觉县民族小学') {
  return `<rect width="600" height="600" fill="#FEF9C3"/><rect x="60" y="70" width="480" height="200" rx="8" fill="#14532D" stroke="#A16207" stroke-width="12"/>
    <text x="300" y="170" text-anchor="middle" font-size="52" fill="#F8FAFC" font-family="Noto Sans CJK SC">${title}</text><text x="300" y="230" text-anchor="middle" font-size="26" fill="#BBF7D0" font-family="Noto Sans CJK SC">${sub}</text>
    ${ground('#D6D3D1', 540)}${child(150, 560, 0.95, { shirt: '#B91C1C', girl: true, arms: 'wave' })}${child(300, 560, 1.0, { shirt: '#1D4ED8', arms: 'hold' })}${child(450, 560, 0.95, { shirt: '#F59E0B', girl: true, arms: 'wave' })}
    <g transform="translate(300 482)"><rect x="-40" y="-20" width="80" height="54" rx="8" fill="#EA580C"/><rect x="-26" y="-34" width="52" height="16" rx="6" fill="none" stroke="#EA580C" stroke-width="6"/></g>`
}

// ── Blue action (autism) ───────────────────────────────────────────────────────────────────────

function training() {
  return `<rect width="600" height="600" fill="#EFF6FF"/><rect x="70" y="60" width="460" height="230" rx="10" fill="#fff" stroke="#93C5FD" stroke-width="8"/>
    <text x="300" y="130" text-anchor="middle" font-size="40" font-weight="700" fill="#1E40AF" font-family="Noto Sans CJK SC">家长培训营</text>
    <g transform="translate(300 210)">${heart(0, -20, 70, '#3B82F6', 'pulse')}<path d="M-130 40 h260" stroke="#93C5FD" stroke-width="6" stroke-dasharray="12 10"/></g>
    ${ground('#BFDBFE', 540)}${adult(170, 560, 0.85, { shirt: '#1D4ED8', arms: 'hold' })}${child(260, 560, 0.75, { shirt: '#60A5FA', arms: 'hold' })}
    ${adult(400, 560, 0.85, { shirt: '#0EA5E9', hair: '#4B2E1E', arms: 'down' })}${child(490, 560, 0.75, { shirt: '#2563EB', girl: true, arms: 'wave' })}`
}

function bluewall() {
  const splash = [[120, 160, 60], [260, 120, 80], [420, 180, 70], [190, 300, 70], [360, 290, 90], [500, 320, 50]]
  return `<rect width="600" height="600" fill="#F1F5F9"/><rect x="30" y="50" width="540" height="420" rx="8" fill="#fff" stroke="#CBD5E1" stroke-width="4"/>
    ${splash.map(([x, y, r], i) => `<circle class="grow d${i % 4}" ${at(x!, y!)} cx="${x}" cy="${y}" r="${r}" fill="${['#1D4ED8', '#3B82F6', '#60A5FA', '#93C5FD'][i % 4]}" opacity=".85"/>`).join('')}
    ${heart(300, 210, 120, '#1E3A8A', 'pulse')}
    ${ground('#CBD5E1', 540)}${child(160, 570, 0.9, { shirt: '#2563EB', arms: 'up' })}${child(300, 570, 0.95, { shirt: '#F59E0B', girl: true, arms: 'wave' })}${child(440, 570, 0.9, { shirt: '#0EA5E9', arms: 'up', girl: true })}`
}

// ── Warm packs and disaster relief ─────────────────────────────────────────────────────────────

function snow(count = 26) {
  return Array.from({ length: count }, (_, i) => {
    const x = (i * 97) % 600
    const y = (i * 53) % 300
    return `<circle class="fall d${i % 4}" cx="${x}" cy="${y - 40}" r="${3 + (i % 3) * 2}" fill="#fff" opacity=".9"/>`
  }).join('')
}

function warmpack() {
  return `<rect width="600" height="600" fill="#DBEAFE"/>${ground('#F8FAFC', 500)}
    <g class="bob"><rect x="190" y="180" width="220" height="300" rx="60" fill="#F97316"/><rect x="220" y="320" width="160" height="110" rx="24" fill="#EA580C"/><path d="M240 190 q60 -90 120 0" stroke="#C2410C" stroke-width="18" fill="none"/>
      <text x="300" y="390" text-anchor="middle" font-size="40" font-weight="700" fill="#fff" font-family="Noto Sans CJK SC">温暖包</text><rect x="196" y="250" width="208" height="20" fill="#FDBA74"/></g>
    <g transform="translate(90 350) rotate(-12)"><path d="M-60 -60 h120 l30 40 l-20 16 l-10 -14 v110 h-120 v-110 l-10 14 l-20 -16z" fill="#1D4ED8"/><path d="M0 -60 v134" stroke="#93C5FD" stroke-width="4"/></g>
    <g transform="translate(510 420) rotate(10)"><path d="M-40 -50 h30 v60 h40 q16 0 16 20 v10 h-86z" fill="#7C2D12"/><path d="M-40 30 h86" stroke="#F5F5F4" stroke-width="8"/></g>
    <path class="sway" ${at(340, 170)} d="M340 170 q80 40 40 120 l-20 -10 q30 -60 -40 -90z" fill="#DC2626"/>
    <g transform="translate(470 190) rotate(20)">${['#FACC15', '#22C55E', '#3B82F6'].map((c, i) => `<rect x="${i * 22}" y="0" width="14" height="110" rx="3" fill="${c}"/><path d="M${i * 22} 110 l7 16 l7 -16z" fill="#F5D0A9"/>`).join('')}</g>${snow()}`
}

function handout() {
  return `<rect width="600" height="600" fill="#E0F2FE"/>${ground('#F8FAFC', 500)}
    <g transform="translate(300 160)"><path d="M-200 60 l200 -90 l200 90z" fill="#64748B"/><rect x="-180" y="56" width="360" height="120" fill="#E2E8F0"/><text x="0" y="130" text-anchor="middle" font-size="30" font-weight="700" fill="#334155" font-family="Noto Sans CJK SC">希望小学</text></g>
    ${adult(170, 560, 0.95, { shirt: '#F97316', arms: 'hold' })}<rect x="150" y="330" width="80" height="90" rx="20" fill="#F97316" stroke="#C2410C" stroke-width="4" class="bob"/>
    ${child(330, 560, 0.95, { shirt: '#1D4ED8', arms: 'up' })}${child(450, 560, 0.9, { shirt: '#DC2626', girl: true, arms: 'wave' })}${snow(18)}`
}

function safety() {
  return `<rect width="600" height="600" fill="#FFF7ED"/>
    <g transform="translate(150 200)"><g class="bob"><path d="M-70 -20 h100 a50 50 0 1 1 -40 70 h-60z" fill="#F97316"/><circle cx="50" cy="30" r="22" fill="#FDBA74"/><rect x="-90" y="-10" width="24" height="14" rx="4" fill="#C2410C"/><path d="M-110 -20 q-20 -40 10 -60" stroke="#94A3B8" stroke-width="5" fill="none"/></g></g>
    <g transform="translate(420 210)"><path class="flicker" d="M60 -10 l160 -70 v180 z" fill="#FEF08A" opacity=".7"/><rect x="-80" y="-30" width="140" height="60" rx="14" fill="#1F2937"/><rect x="50" y="-40" width="30" height="80" rx="8" fill="#374151"/><rect x="-40" y="-14" width="30" height="14" rx="4" fill="#F97316"/></g>
    <g transform="translate(300 440)"><path d="M-180 -70 l360 -10 l-20 150 l-330 10z" fill="#FCD34D"/><path d="M-170 -50 l340 -8 M-160 0 l330 -6 M-150 50 l320 -6" stroke="#F59E0B" stroke-width="6"/><path class="shine" d="M-120 -60 l60 120" stroke="#FFFBEB" stroke-width="14" opacity=".8"/></g>`
}

// ── 善品公社 rural goods ─────────────────────────────────────────────────────────────────────────

function kiwiHalf(x: number, y: number, r: number) {
  const seeds = Array.from({ length: 12 }, (_, i) => {
    const a = (i * Math.PI) / 6
    return `<ellipse cx="${Math.cos(a) * r * 0.42}" cy="${Math.sin(a) * r * 0.42}" rx="3" ry="6" fill="#111" transform="rotate(${(a * 180) / Math.PI + 90} ${Math.cos(a) * r * 0.42} ${Math.sin(a) * r * 0.42})"/>`
  }).join('')
  return `<g transform="translate(${x} ${y})"><circle r="${r}" fill="#8B5A2B"/><circle r="${r - 7}" fill="#84CC16"/><circle r="${r * 0.5}" fill="#DC2626" opacity=".85"/>${seeds}<circle r="${r * 0.2}" fill="#FEF9C3"/></g>`
}

function kiwi() {
  const whole = Array.from({ length: 8 }, (_, i) => `<ellipse cx="${150 + (i % 4) * 100}" cy="${330 - Math.floor(i / 4) * 40}" rx="48" ry="38" fill="#8B5A2B" stroke="#6B4423" stroke-width="3"/>`).join('')
  return `<rect width="600" height="600" fill="#ECFCCB"/>${ground('#A3E635', 470)}
    <path d="M60 320 h480 l-30 200 h-420z" fill="#D6A15B" stroke="#A16207" stroke-width="5"/>${whole}<path d="M60 320 h480" stroke="#A16207" stroke-width="8"/>
    <text x="300" y="450" text-anchor="middle" font-size="44" font-weight="700" fill="#7C2D12" font-family="Noto Sans CJK SC">红心猕猴桃</text>
    <g class="bob">${kiwiHalf(170, 160, 70)}${kiwiHalf(430, 150, 80)}</g>${[[300, 90], [520, 260]].map(([x, y]) => `<path d="M${x} ${y} q30 -40 60 0 q-30 30 -60 0z" fill="#65A30D"/>`).join('')}`
}

function parcel() {
  return `<rect width="600" height="600" fill="#F0FDF4"/><rect y="470" width="600" height="130" fill="#D6D3D1"/>
    <g class="bob"><path d="M120 250 l180 -70 l180 70 v220 l-180 60 l-180 -60z" fill="#D6A15B" stroke="#A16207" stroke-width="5"/><path d="M300 310 v220 M120 250 l180 60 l180 -60" stroke="#A16207" stroke-width="5" fill="none"/>
      <rect x="160" y="330" width="110" height="120" fill="#fff" transform="skewY(18)"/><text x="215" y="392" text-anchor="middle" font-size="22" font-weight="700" fill="#166534" font-family="Noto Sans CJK SC" transform="skewY(18)">善品公社</text>
      <g transform="translate(330 360) skewY(-18)"><rect width="110" height="110" fill="#fff"/>${Array.from({ length: 25 }, (_, i) => ((i * 7) % 3 === 0 ? `<rect x="${10 + (i % 5) * 18}" y="${10 + Math.floor(i / 5) * 18}" width="16" height="16" fill="#111"/>` : '')).join('')}</g></g>
    <text x="300" y="120" text-anchor="middle" font-size="34" fill="#166534" font-family="Noto Sans CJK SC">扫码溯源</text>`
}

function pomegranate() {
  const fruit = (x: number, y: number, r: number) =>
    `<g transform="translate(${x} ${y})"><circle r="${r}" fill="#DC2626"/><path d="M-16 ${-r + 4} l8 -24 l8 14 l8 -14 l8 24z" fill="#B91C1C"/><ellipse cx="${-r * 0.35}" cy="${-r * 0.35}" rx="${r * 0.2}" ry="${r * 0.12}" fill="#FCA5A5" opacity=".7"/></g>`
  const seeds = Array.from({ length: 30 }, (_, i) => `<circle cx="${360 + (i % 6) * 22 - (Math.floor(i / 6) % 2) * 11}" cy="${300 + Math.floor(i / 6) * 22}" r="10" fill="${i % 3 ? '#E11D48' : '#FB7185'}"/>`).join('')
  return `<rect width="600" height="600" fill="#FFF1F2"/>${ground('#FDA4AF', 520)}${fruit(170, 330, 110)}
    <g><path d="M340 230 q80 -40 160 0 q40 100 -10 190 q-70 40 -140 0 q-50 -90 -10 -190z" fill="#FECACA" stroke="#DC2626" stroke-width="14"/>${seeds}</g>${fruit(480, 480, 60)}`
}

function live(label = '软籽石榴 · 永胜县', shirt = '#DB2777') {
  return `<rect width="600" height="600" fill="#FDF2F8"/><rect x="170" y="40" width="260" height="520" rx="36" fill="#111827"/><rect x="184" y="70" width="232" height="460" rx="18" fill="#FCE7F3"/>
    ${adult(300, 470, 0.7, { shirt, hair: '#3B2A20' })}
    <rect x="196" y="84" width="80" height="30" rx="15" fill="#EF4444"/><text x="236" y="106" text-anchor="middle" font-size="18" fill="#fff" font-family="Noto Sans CJK SC">直播中</text>
    <rect x="196" y="470" width="208" height="44" rx="12" fill="#fff" opacity=".9"/><text x="300" y="500" text-anchor="middle" font-size="20" fill="#BE185D" font-family="Noto Sans CJK SC">${label}</text>
    ${[0, 1, 2, 3].map((i) => heart(460 + (i % 2) * 30, 470 - i * 10, 30, ['#F43F5E', '#FB7185', '#EC4899', '#F472B6'][i]!, `float d${i}`)).join('')}`
}

/** A receipt or signed delivery note, stamped: "the evidence is public". */
function receipt(title = '收款收据') {
  const lines = Array.from({ length: 5 }, (_, i) => `<rect x="150" y="${250 + i * 44}" width="${300 - (i % 2) * 70}" height="14" rx="7" fill="#CBD5E1"/>`).join('')
  return `<g class="bob"><g transform="rotate(-4 300 320)"><rect x="110" y="110" width="380" height="440" rx="10" fill="#FFFDF6" stroke="#E5DFC9" stroke-width="4"/>
    <text x="300" y="190" text-anchor="middle" font-size="44" font-weight="700" fill="#8B1D1D" font-family="Noto Serif CJK SC" letter-spacing="8">${title}</text>${lines}
    <g class="grow d1" ${at(390, 460)}><circle cx="390" cy="460" r="62" fill="none" stroke="#DC2626" stroke-width="8" opacity=".85"/><text x="390" y="472" text-anchor="middle" font-size="30" font-weight="700" fill="#DC2626" font-family="Noto Sans CJK SC" opacity=".85">已公开</text></g></g></g>`
}

/** A month page with the first `done` of `total` days crossed off. */
function calendar(done: number, total: number) {
  const days = Array.from({ length: total }, (_, i) => {
    const x = 130 + (i % 7) * 52
    const y = 260 + Math.floor(i / 7) * 70
    const cross = i < done ? `<path class="tick d${i % 4}" d="M${x - 16} ${y - 26} l32 32 M${x + 16} ${y - 26} l-32 32" stroke="#DC2626" stroke-width="6" stroke-linecap="round"/>` : ''
    return `<text x="${x}" y="${y}" text-anchor="middle" font-size="30" fill="#334155" font-family="Noto Sans CJK SC">${i + 1}</text>${cross}`
  }).join('')
  return `<rect x="80" y="110" width="440" height="420" rx="18" fill="#fff" stroke="#CBD5E1" stroke-width="5"/><rect x="80" y="110" width="440" height="90" rx="18" fill="#DC2626"/>
    <text x="300" y="172" text-anchor="middle" font-size="40" font-weight="700" fill="#fff" font-family="Noto Sans CJK SC">施工进度</text>${days}`
}

/** A parent and a child playing with blocks at home. */
function family() {
  const blocks = ['#EF4444', '#F59E0B', '#22C55E', '#3B82F6', '#8B5CF6'].map((c, i) => `<rect class="bob d${i % 3}" x="${230 + i * 34}" y="${480 - (i % 2) * 34}" width="30" height="30" rx="4" fill="${c}"/>`).join('')
  return `<rect width="600" height="600" fill="#EFF6FF"/><rect x="380" y="70" width="160" height="160" rx="8" fill="#BFDBFE" stroke="#fff" stroke-width="10"/>${sun(460, 150, 24)}
    <rect y="510" width="600" height="90" fill="#FDE68A"/>${adult(150, 560, 0.85, { shirt: '#1D4ED8', hair: '#4B2E1E', arms: 'hold' })}${blocks}${child(470, 560, 0.8, { shirt: '#60A5FA', arms: 'up' })}${heart(320, 300, 50, '#3B82F6', 'float')}`
}

/** Volunteers packing warm packs on a long table. */
function packing() {
  const packs = Array.from({ length: 8 }, (_, i) => `<g transform="translate(${110 + (i % 4) * 110} ${i < 4 ? 340 : 410})"><rect x="-40" y="-60" width="80" height="90" rx="22" fill="#F97316"/><rect x="-28" y="-8" width="56" height="30" rx="8" fill="#EA580C"/><path d="M-18 -58 q18 -28 36 0" stroke="#C2410C" stroke-width="7" fill="none"/></g>`).join('')
  return `<rect width="600" height="600" fill="#E0F2FE"/><rect y="380" width="600" height="220" fill="#CBD5E1"/>
    ${adult(120, 330, 0.75, { shirt: '#F97316' })}${adult(480, 330, 0.75, { shirt: '#F97316', hair: '#4B2E1E' })}
    <rect x="40" y="300" width="520" height="24" rx="6" fill="#A16207"/><rect x="60" y="324" width="16" height="200" fill="#854D0E"/><rect x="524" y="324" width="16" height="200" fill="#854D0E"/>${packs}`
}

/** The restorer at her desk, a book open under the lamp. */
function restorer() {
  return `<rect width="600" height="600" fill="#3F2A1D"/><path d="M170 60 l-80 170 h160z" fill="#FDE68A" opacity=".25"/><rect x="150" y="40" width="40" height="30" rx="6" fill="#9CA3AF"/>
    ${adult(300, 470, 1.0, { shirt: '#F8FAFC', apron: '#8B5E3C', hair: '#111', arms: 'hold' })}
    <rect x="40" y="400" width="520" height="200" fill="#6B4633"/><g transform="translate(300 470) scale(.5) translate(-300 -320)"><path d="M40 120 q130 -20 260 0 v300 q-130 -20 -260 0z" fill="#F3E6C8"/><path d="M300 120 q130 -20 260 0 v300 q-130 -20 -260 0z" fill="#EEDDB8"/></g>`
}

/** A dish served on the kitchen table, hot. */
export function plated(kind: Dish) {
  return `<rect width="600" height="600" fill="#FFEDD5"/><rect y="330" width="600" height="270" fill="#C2410C" opacity=".25"/>${Array.from({ length: 6 }, (_, i) => `<rect x="${i * 110}" y="330" width="55" height="270" fill="#fff" opacity=".25"/>`).join('')}
    ${dish(kind, 300, 400, 1.35)}${steam(300, 300, 1.1)}<g transform="translate(520 450)"><rect x="-6" y="-120" width="12" height="150" rx="6" fill="#A16207" transform="rotate(10)"/><rect x="14" y="-120" width="12" height="150" rx="6" fill="#A16207" transform="rotate(10)"/></g>`
}

// ── Bayannur ───────────────────────────────────────────────────────────────────────────────────

function grain() {
  const sack = (x: number, y: number, label: string) => `<g transform="translate(${x} ${y})"><path d="M-60 -90 q60 -20 120 0 q14 50 0 100 q-60 16 -120 0 q-14 -50 0 -100z" fill="#F5EBD7" stroke="#B9A47A" stroke-width="4"/><text x="0" y="-20" text-anchor="middle" font-size="30" font-weight="700" fill="#B45309" font-family="Noto Sans CJK SC">${label}</text></g>`
  const barrel = (x: number, y: number) => `<g transform="translate(${x} ${y})"><rect x="-36" y="-100" width="72" height="100" rx="12" fill="#FACC15" stroke="#CA8A04" stroke-width="4"/><rect x="-12" y="-114" width="24" height="16" rx="4" fill="#DC2626"/><text x="0" y="-40" text-anchor="middle" font-size="20" font-weight="700" fill="#854D0E" font-family="Noto Sans CJK SC">食用油</text></g>`
  return `<ellipse cx="330" cy="520" rx="250" ry="30" fill="#000" opacity=".12"/>${sack(150, 480, '大米')}${sack(290, 490, '面粉')}${sack(220, 380, '大米')}${barrel(420, 520)}${barrel(510, 520)}${barrel(465, 410)}
    <g transform="translate(470 150)"><g class="bob"><rect x="-70" y="-50" width="140" height="100" rx="12" fill="#fff" stroke="#B45309" stroke-width="4"/><text x="0" y="12" text-anchor="middle" font-size="36" font-weight="700" fill="#B45309" font-family="Noto Sans CJK SC">600 户</text></g></g>`
}

function quilts() {
  const colors = ['#DC2626', '#F59E0B', '#2563EB', '#16A34A', '#DB2777', '#7C3AED']
  return `<rect width="600" height="600" fill="#FFF7ED"/>${ground('#E7E5E4', 520)}
    ${colors.map((c, i) => `<rect x="${140 + (i % 2) * 10}" y="${470 - i * 50}" width="320" height="48" rx="20" fill="${c}"/><path d="M${160 + (i % 2) * 10} ${494 - i * 50} h280" stroke="#fff" stroke-width="3" stroke-dasharray="10 10" opacity=".7"/>`).join('')}
    ${snow(14)}`
}

function sunflowers() {
  const flower = (x: number, y: number, s: number) =>
    `<g transform="translate(${x} ${y}) scale(${s})"><rect x="-4" y="0" width="8" height="160" fill="#4D7C0F"/><path d="M0 80 q-40 -10 -50 20 q30 10 50 -20z" fill="#65A30D"/><g class="sway" ${at(0, 0)}>${Array.from({ length: 12 }, (_, i) => `<ellipse cx="0" cy="-34" rx="12" ry="26" fill="#FACC15" transform="rotate(${i * 30})"/>`).join('')}<circle r="24" fill="#78350F"/></g></g>`
  return `${sun(100, 100, 42)}<path d="M0 330 q300 -60 600 0 v270 h-600z" fill="#A3E635"/>
    <g transform="translate(380 250)"><path d="M-80 40 l80 -60 l80 60z" fill="#B45309"/><rect x="-66" y="36" width="132" height="90" fill="#FEF3C7"/><rect x="-16" y="70" width="32" height="56" fill="#78350F"/></g>
    ${[[60, 400, 0.9], [150, 430, 1], [250, 410, 0.95], [520, 430, 1], [440, 460, 0.9], [100, 500, 1.1], [330, 500, 1.1], [560, 520, 1]].map(([x, y, s]) => flower(x!, y!, s!)).join('')}`
}

function thanks(color = '#F43F5E') {
  return `${heart(300, 260, 260, color, 'pulse')}${heart(120, 140, 50, '#FDA4AF', 'float')}${heart(480, 120, 40, '#FDA4AF', 'float d2')}${heart(500, 420, 56, '#FECDD3', 'float d1')}${heart(90, 430, 40, '#FECDD3', 'float d3')}`
}

/** Pieces with words of their own, for the scenes that need them. */
export const LABELLED = { school, clipboard, classroom, live, receipt, calendar, truck }
export const PIECES = { family, packing, restorer }

export const ART: Record<ArtKey, () => string> = {
  tray,
  children: () => children(5),
  truck: () => truck(),
  kitchen,
  clipboard,
  school,
  cook,
  drumstick,
  construction,
  dogcat,
  clinic,
  adopted,
  book,
  tools,
  mountains,
  singers,
  classroom,
  training,
  bluewall,
  warmpack,
  handout,
  safety,
  kiwi,
  parcel,
  pomegranate,
  live,
  grain,
  quilts,
  sunflowers,
  thanks: () => thanks(),
  pan,
}

export function svg(inner: string, size = 600) {
  return `<svg viewBox="0 0 600 600" width="${size}" height="${size}" xmlns="http://www.w3.org/2000/svg">${inner}</svg>`
}

/** The animations the classes above name, for pages that play them (the videos). */
export const ANIMATION_CSS = `
.steam{animation:steam 2s ease-out infinite both}
@keyframes steam{0%{opacity:0;transform:translateY(10px)}40%{opacity:.85}100%{opacity:0;transform:translateY(-40px)}}
.bob{animation:bob 1.6s ease-in-out infinite alternate both}
@keyframes bob{from{transform:translateY(0)}to{transform:translateY(-10px)}}
.wag{animation:wag .35s ease-in-out infinite alternate both}
@keyframes wag{from{transform:rotate(-12deg)}to{transform:rotate(14deg)}}
.sway{animation:sway 1.4s ease-in-out infinite alternate both}
@keyframes sway{from{transform:rotate(-6deg)}to{transform:rotate(6deg)}}
.float{animation:float 2.4s ease-in-out infinite both}
@keyframes float{0%{transform:translateY(20px);opacity:0}30%{opacity:1}100%{transform:translateY(-60px);opacity:0}}
.fall{animation:fall 3s linear infinite both}
@keyframes fall{from{transform:translateY(-40px)}to{transform:translateY(560px)}}
.spin{animation:spin .8s linear infinite both}
.spin-slow{animation:spin 12s linear infinite both}
@keyframes spin{to{transform:rotate(360deg)}}
.pulse{animation:pulse 1.2s ease-in-out infinite alternate both}
@keyframes pulse{from{transform:scale(1)}to{transform:scale(1.08)}}
.flicker{animation:flicker .3s ease-in-out infinite alternate both;transform-box:fill-box;transform-origin:center bottom}
@keyframes flicker{from{transform:scaleY(.9);opacity:.85}to{transform:scaleY(1.08);opacity:1}}
.toss{animation:toss 1s ease-in-out infinite both;transform-box:fill-box;transform-origin:center}
@keyframes toss{0%,100%{transform:rotate(0)}50%{transform:rotate(-6deg) translateY(-8px)}}
.hop{animation:hop 1s ease-in-out infinite both}
@keyframes hop{0%,100%{transform:translateY(0)}50%{transform:translateY(-40px)}}
.flag{animation:flag 1s ease-in-out infinite alternate both;transform-box:fill-box;transform-origin:left center}
@keyframes flag{from{transform:skewY(-4deg) scaleX(.96)}to{transform:skewY(4deg) scaleX(1)}}
.road{animation:road .6s linear infinite both}
@keyframes road{from{transform:translateX(0)}to{transform:translateX(-100px)}}
.rumble{animation:rumble .25s ease-in-out infinite alternate both}
@keyframes rumble{from{transform:translateY(0)}to{transform:translateY(-3px)}}
.blink{animation:blink 1s steps(2) infinite both}
@keyframes blink{50%{opacity:.2}}
.tick{stroke-dasharray:80;animation:tick .5s ease-out both}
@keyframes tick{from{stroke-dashoffset:80}to{stroke-dashoffset:0}}
.patch{animation:patch .6s ease-out both;transform-box:fill-box;transform-origin:center}
@keyframes patch{from{opacity:0;transform:scale(.4)}to{opacity:1;transform:scale(1)}}
.brush{animation:brush 1.6s ease-in-out infinite alternate both}
@keyframes brush{from{transform:translate(-40px,-60px)}to{transform:translate(40px,60px)}}
.pluck{animation:pluck 1s ease-in-out infinite alternate both}
@keyframes pluck{from{transform:translate(0,0)}to{transform:translate(-16px,10px)}}
.grow{animation:grow .8s ease-out both}
@keyframes grow{from{transform:scale(0)}to{transform:scale(1)}}
.shine{animation:shine 1.5s ease-in-out infinite both}
@keyframes shine{0%{transform:translateX(-40px);opacity:0}50%{opacity:.8}100%{transform:translateX(200px);opacity:0}}
.wave{animation:bob .5s ease-in-out infinite alternate both}
.blink-eye{animation:blinkeye 3s infinite both}
@keyframes blinkeye{0%,92%,100%{transform:scaleY(1)}96%{transform:scaleY(.1)}}
.d1{animation-delay:.4s}.d2{animation-delay:.8s}.d3{animation-delay:1.2s}.d4{animation-delay:1.6s}
`
