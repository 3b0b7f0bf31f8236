/*
 * Sunlight's donate widget, for other sites (docs/decisions/0020-embeddable-donate-widget.md).
 * Paste where the widget should appear:
 *   <script async src="https://<sunlight>/embed.js" data-project="<project slug>" data-lang="zh-CN"></script>
 * It puts an iframe of /embed/projects/<slug> after itself, telling it which site it is on, and sizes
 * the frame to the card's height (the card posts it). No cookies, no other requests, nothing global.
 */
;(function () {
  var script = document.currentScript
  if (!script || !script.src) return
  var slug = script.getAttribute('data-project')
  if (!slug) return
  var base = new URL(script.src)
  var src = new URL('/embed/projects/' + encodeURIComponent(slug), base)
  var lang = script.getAttribute('data-lang')
  if (lang) src.searchParams.set('lang', lang)
  src.searchParams.set('site', location.host)
  var frame = document.createElement('iframe')
  frame.src = src.href
  frame.title = script.getAttribute('data-title') || 'Sunlight'
  frame.loading = 'lazy'
  frame.setAttribute('scrolling', 'no')
  frame.style.cssText = 'display:block;width:100%;max-width:30rem;height:26rem;border:0;overflow:hidden'
  script.parentNode.insertBefore(frame, script.nextSibling)
  window.addEventListener('message', function (event) {
    if (event.origin !== base.origin || event.source !== frame.contentWindow) return
    var data = event.data
    if (!data || data.type !== 'sunlight:embed-height' || typeof data.height !== 'number' || !(data.height > 0)) return
    frame.style.height = Math.min(Math.ceil(data.height), 2000) + 'px'
  })
})()
