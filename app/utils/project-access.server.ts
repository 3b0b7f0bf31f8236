import { getProjectBySlug, isPublicProject } from '~/models/projects.server'
import { db } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'
import { requireOrgRole } from '~/utils/permissions.server'

/**
 * The project at `slug` for one of its organisation's owners or editors, or the request ends: 404
 * when there is no such project (or, for an outsider, when it is not public), a login redirect or
 * 403 otherwise. `live: true` also refuses a project that is not public yet (updates, expenses).
 */
export async function requireProjectEditor(request: Request, slug: string | undefined, options: { live?: boolean } = {}) {
  const row = slug ? await getProjectBySlug(db(), slug) : null
  invariantResponse(row, 404, 'Not found')
  const isPublic = isPublicProject(row.project.status)
  const { user } = await requireOrgRole(request, row.organization.id, 'editor', { hidden: !isPublic })
  if (options.live) invariantResponse(isPublic, 404, 'Not found')
  return { ...row, user }
}
