import { expect, test } from 'vitest'
import { renderMarkdown } from './markdown.server'

test('Markdown renders, raw HTML is shown as text, unsafe links and images are dropped', () => {
  expect(renderMarkdown('**免费午餐** 每天 4 元')).toContain('<strong>免费午餐</strong>')
  const hostile = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) ![x](http://evil.example/x.png)')
  expect(hostile).not.toMatch(/<script|<img|<[^>]*onerror|href="javascript/i)
  expect(hostile).toContain('&lt;script&gt;')
  expect(renderMarkdown('[site](https://www.mianfeiwucan.org)')).toContain('<a href="https://www.mianfeiwucan.org" rel="nofollow noopener noreferrer ugc">site</a>')
})
