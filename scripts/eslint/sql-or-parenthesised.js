/**
 * ESLint rule: an `or` in a raw `sql` template must sit inside parentheses.
 *
 * drizzle's and()/or() join fragments without parenthesising raw SQL, so
 *   and(eq(donations.userId, id), sql`status <> 'pending' or created_at > …`)
 * became `user_id = $1 and status <> 'pending' or created_at > …` — every stranger's recent gift in a
 * new account's "My donations" (issue 18). The rule reads each sql`…` template (its literal text, with
 * interpolations as placeholders, string literals and comments removed) and reports any `or` at
 * parenthesis depth 0. Write sql`(a or b)` instead; whole statements follow the same habit.
 */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'require parentheses around OR in raw sql templates' },
    messages: {
      bare: 'Parenthesise the OR in this raw SQL: combined with and()/or(), `A and B or C` means `(A and B) or C`. Write sql`(… or …)`.',
    },
    schema: [],
  },
  create(context) {
    return {
      TaggedTemplateExpression(node) {
        const tag = node.tag
        const isSql = (tag.type === 'Identifier' && tag.name === 'sql') || (tag.type === 'MemberExpression' && tag.property.type === 'Identifier' && tag.object.type === 'Identifier' && tag.object.name === 'sql')
        if (!isSql) return
        const text = node.quasi.quasis.map((q) => q.value.raw).join(' ? ')
        if (hasBareOr(text)) context.report({ node, messageId: 'bare' })
      },
    }
  },
}

export function hasBareOr(text) {
  const cleaned = text
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""')
  let depth = 0
  const tokens = cleaned.match(/[()]|[A-Za-z_][A-Za-z0-9_]*/g) ?? []
  for (const token of tokens) {
    if (token === '(') depth++
    else if (token === ')') depth = Math.max(0, depth - 1)
    else if (depth === 0 && token.toLowerCase() === 'or') return true
  }
  return false
}
