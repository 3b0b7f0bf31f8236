/**
 * Markdown for stories, updates and reports: CommonMark without raw HTML (it is shown as text),
 * links limited to http(s)/mailto and opened without referrer or opener, no images from elsewhere.
 */
import MarkdownIt from 'markdown-it'

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false })

const SAFE_LINK = /^(https?:|mailto:)/i
md.validateLink = (url) => SAFE_LINK.test(url.trim())
md.disable(['image'])

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow noopener noreferrer ugc')
  return defaultLinkOpen(tokens, idx, options, env, self)
}

export function renderMarkdown(source: string) {
  return md.render(source)
}
