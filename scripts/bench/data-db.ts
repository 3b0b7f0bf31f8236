/** Where `npm run bench:data` writes its data set, and the feed reader's password; shared with bench:pages. */
export const BENCH_DATA_DB = 'sunlight_bench_data'
export const BENCH_PASSWORD = 'bench passphrase 2026'

export function benchDataUrl() {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  url.pathname = `/${BENCH_DATA_DB}`
  return url.toString()
}
