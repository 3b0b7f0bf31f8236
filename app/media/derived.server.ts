/** What the app makes from a stored file, found by the file's sha256: deleted with the file. */
import { deleteHls, hlsPrefix } from './hls.server'
import { allVariantKeys } from './images.server'
import type { Storage } from './storage.server'

export async function deleteDerivedFiles(storage: Storage, sha256: string) {
  await deleteHls(storage, hlsPrefix(sha256))
  for (const key of allVariantKeys(sha256)) await storage.delete(key)
}
