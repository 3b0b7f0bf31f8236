/**
 * The project editor's multipart handling shared by "new" and "edit": the cover is streamed and
 * checked by content; text fields are parsed with the project form; nothing is stored unless all is valid.
 */
import type { Db } from '~db/client.server'
import { media } from '~db/schema'
import { discardUploads, MB, parseUploadForm, promote, RULES } from '~/media/upload.server'
import type { FieldErrors } from '~/utils/validation'
import { detectLanguage } from '~/i18n/i18n.server'
import type { ContentLanguage } from '~/content/localized'
import { echoProjectForm, parseProjectForm } from './project-form'
import type { ProjectInput } from './project-lifecycle.server'

const MAX_BODY = 11 * MB

export type ProjectSubmission =
  | { ok: true; project: Omit<ProjectInput, 'coverMediaId'>; values: ReturnType<typeof echoProjectForm>; storeCover: (db: Db, organizationId: string, userId: string) => Promise<string | undefined>; discard: () => Promise<void> }
  | { ok: false; status: number; errors: FieldErrors; values: ReturnType<typeof echoProjectForm> }

const EMPTY_VALUES = { fields: {} as ReturnType<typeof echoProjectForm>['fields'], lines: [] }

/** `language`: the content's language when the form does not say (an edit's stored one; else the editor's interface language). */
export async function readProjectSubmission(request: Request, language?: ContentLanguage): Promise<ProjectSubmission> {
  if (Number(request.headers.get('Content-Length') ?? '0') > MAX_BODY) return { ok: false, status: 413, errors: { form: ['validation.formTooLarge'] }, values: EMPTY_VALUES }
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) return { ok: false, status: 400, errors: { form: ['validation.formTooLarge'] }, values: EMPTY_VALUES }
  const upload = await parseUploadForm(request, { cover: RULES.cover })
  if (!upload.ok) return { ok: false, status: 400, errors: { form: ['validation.formTooLarge'] }, values: EMPTY_VALUES }
  const parsed = parseProjectForm(upload.formData, language ?? (await detectLanguage(request)))
  const cover = upload.uploads.get('cover')
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors }
  if (cover && !cover.ok) errors.cover = [cover.error]
  if (!parsed.ok || Object.keys(errors).length) {
    await discardUploads(upload.uploads)
    return { ok: false, status: 400, errors, values: echoProjectForm(upload.formData) }
  }
  return {
    ok: true,
    project: parsed.project,
    values: echoProjectForm(upload.formData),
    discard: () => discardUploads(upload.uploads),
    storeCover: async (db, organizationId, userId) => {
      if (!cover?.ok) return undefined
      const storageKey = await promote(cover.file)
      const [row] = await db
        .insert(media)
        .values({ kind: 'image', storageKey, contentType: cover.file.contentType, byteSize: cover.file.byteSize, sha256: cover.file.sha256, isPublic: false, uploadedBy: userId, organizationId })
        .returning({ id: media.id })
      return row!.id
    },
  }
}
