import { exportResponse } from '~/ledger/export.server'
import { db } from '~/utils/db.server'

/** The whole platform's ledger as CSV, streamed. */
export function loader() {
  return exportResponse(db(), 'csv', 'sunlight-ledger')
}
