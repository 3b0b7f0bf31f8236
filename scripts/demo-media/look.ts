/**
 * What the demo's covers and videos share: each project's colours and the way Chromium is started
 * to draw them (Debian: chromium and fonts-noto-cjk; CHROMIUM_PATH points elsewhere).
 */
import { chromium } from 'playwright-core'

export interface Palette {
  /** Background gradient, top to bottom. */
  sky: [string, string]
  /** Title and caption ink on the background. */
  ink: string
  /** Chips, progress bars, the avatar. */
  accent: string
}

export const PALETTES: Record<string, Palette> = {
  'free-lunch-draw-to-life': { sky: ['#FFF3D6', '#FFC978'], ink: '#7C2D12', accent: '#E8542F' },
  'erlangmiao-village-school': { sky: ['#EAF7DA', '#F6E6A6'], ink: '#14532D', accent: '#D9480F' },
  'stray-animal-rescue': { sky: ['#FFE9DC', '#FFC9A8'], ink: '#134E4A', accent: '#0F766E' },
  'ancient-book-restoration': { sky: ['#F5ECD7', '#D9C49A'], ink: '#4A2412', accent: '#8B2E1C' },
  'mawei-childrens-art-troupe': { sky: ['#FFD7A1', '#C084FC'], ink: '#3B0A45', accent: '#B91C1C' },
  'blue-action-autism': { sky: ['#E0EEFF', '#93C5FD'], ink: '#1E3A8A', accent: '#1D4ED8' },
  'warm-packs-disaster-relief': { sky: ['#EEF5FC', '#BFD8F0'], ink: '#1E3A5F', accent: '#EA580C' },
  'shanpin-rural-goods': { sky: ['#F0FADF', '#BFE69A'], ink: '#1A4D0F', accent: '#4D7C0F' },
  'bayannur-recovery': { sky: ['#FFF5CC', '#F2CF80'], ink: '#713F12', accent: '#B45309' },
  'free-lunch-kitchen-upgrade': { sky: ['#E6F5EF', '#BFE3D3'], ink: '#134E4A', accent: '#0E7490' },
}

/** The supporters' kitchen-table videos of the #点画成真 challenge. */
export const CHALLENGE_PALETTE: Palette = { sky: ['#FFF7ED', '#FED7AA'], ink: '#7C2D12', accent: '#EA580C' }

export const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
}
