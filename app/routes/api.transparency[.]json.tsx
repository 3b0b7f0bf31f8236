import { platformTransparency, transparencyJson } from '~/models/transparency.server'
import { db } from '~/utils/db.server'

/** The platform transparency figures as JSON (amounts are strings of minor units). */
export async function loader() {
  const data = await platformTransparency(db())
  return new Response(transparencyJson(data), { headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=60', 'Access-Control-Allow-Origin': '*' } })
}
