/** What the media components render on the server, i.e. what a browser without JavaScript gets. */
import { createRef } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { expect, test } from 'vitest'
import { candidateWidths, ResponsiveImage } from './responsive-image'
import { VideoPlayer } from './video-player'

test('the player renders the MP4 as its src (the HLS playlist is for the browser to pick up), with the props passed through', () => {
  const html = renderToStaticMarkup(<VideoPlayer ref={createRef()} src="/media/v1" hlsSrc="/media/v1/hls/master.m3u8" controls muted loop playsInline preload="none" poster="/media/p1/w640.webp" className="clip" aria-label="午餐" />)
  expect(html).toMatch(/^<video /)
  expect(html).toContain('src="/media/v1"')
  expect(html).not.toContain('m3u8')
  for (const attribute of ['controls=""', 'loop=""', 'playsinline=""', 'preload="none"', 'poster="/media/p1/w640.webp"', 'class="clip"', 'aria-label="午餐"']) expect(html).toContain(attribute)
})

test('a responsive image offers AVIF, then WebP, then a JPEG <img> at the fixed widths, lazy and with its box', () => {
  const html = renderToStaticMarkup(<ResponsiveImage id="c1" alt="封面" sizes="100vw" width={1280} height={560} className="hero" />)
  expect(html).toBe(
    '<picture>' +
      '<source type="image/avif" srcSet="/media/c1/w320.avif 320w, /media/c1/w640.avif 640w, /media/c1/w960.avif 960w, /media/c1/w1280.avif 1280w" sizes="100vw"/>' +
      '<source type="image/webp" srcSet="/media/c1/w320.webp 320w, /media/c1/w640.webp 640w, /media/c1/w960.webp 960w, /media/c1/w1280.webp 1280w" sizes="100vw"/>' +
      '<img src="/media/c1/w640.jpg" srcSet="/media/c1/w320.jpg 320w, /media/c1/w640.jpg 640w, /media/c1/w960.jpg 960w, /media/c1/w1280.jpg 1280w" sizes="100vw" width="1280" height="560" loading="lazy" decoding="async" alt="封面" class="hero"/>' +
      '</picture>',
  )
})

test('an original narrower than the widths is never offered as wider than it is', () => {
  expect(candidateWidths(2000)).toEqual([320, 640, 960, 1280])
  expect(candidateWidths(1280)).toEqual([320, 640, 960, 1280])
  expect(candidateWidths(700)).toEqual([320, 640, 960])
  expect(candidateWidths(200)).toEqual([320])
  const html = renderToStaticMarkup(<ResponsiveImage id="c2" alt="" sizes="50vw" width={4} height={3} sourceWidth={700} />)
  expect(html).toContain('/media/c2/w960.webp 700w"')
  expect(html).not.toContain('w1280')
})
