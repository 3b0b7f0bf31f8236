/**
 * `npm run bench:upload`: uploads a 1 GB video to the production server's update form over loopback
 * and samples the server's resident memory while it streams. The video is real: a short H.264 clip
 * whose MP4 carries a 1 GB `free` box after its data, so every check (magic bytes, ffprobe) runs on
 * the whole upload exactly as for a phone video of that size. The request body is generated on the
 * fly, so the client holds no file either. Ends with one JSON line {"bytes","rssGrowthMb","mbPerSec"}.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PORT = Number(process.env.BENCH_PORT ?? 4397)
const PADDING = Number(process.env.BENCH_UPLOAD_MB ?? 1024) * 1024 * 1024
const base = `http://127.0.0.1:${PORT}`
const ffmpeg = process.env.FFMPEG_PATH || (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path

function rssMb(pid: number) {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024
}

function freeBoxHeader(size: number) {
  const header = Buffer.alloc(8)
  header.writeUInt32BE(size, 0)
  header.write('free', 4, 'latin1')
  return header
}

async function logIn() {
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'editor@freelunch.demo', password: 'sunlight-demo-2026' }),
  })
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  if (!cookie.includes('=')) throw new Error(`login failed: ${response.status}`)
  return cookie
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'sunlight-bench-upload-'))
  const clipPath = join(work, 'clip.mp4')
  execFileSync(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25:duration=5', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', clipPath])
  const clip = readFileSync(clipPath)
  execFileSync('npm', ['run', 'build'], { stdio: 'ignore' })
  const dataDir = join(work, 'data')
  const server = spawn(process.execPath, ['server-build/index.js'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '', DEMO_MODE: '1', LOG_LEVEL: 'error', UPLOAD_VIDEO_MAX_MB: String(Math.ceil(PADDING / 1024 / 1024) + 64) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    for (let i = 0; i < 240; i++) {
      if (await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)) break
      await new Promise((r) => setTimeout(r, 250))
    }
    const cookie = await logIn()
    // Warm the route (and the multipart code path) with a small upload first.
    const boundary = `----sunlightbench${Date.now()}`
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n1 GB benchmark upload\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nStreaming benchmark.\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    )
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
    const fileBytes = clip.length + PADDING
    const total = head.length + fileBytes + tail.length
    await new Promise((r) => setTimeout(r, 2000))
    const idle = rssMb(server.pid!)
    let peak = idle
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 50)
    const started = performance.now()
    const status = await new Promise<{ status: number; location: string }>((resolve, reject) => {
      const req = request(`${base}/projects/free-lunch-draw-to-life/updates/new`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(total) } }, (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? '') }))
      })
      req.on('error', reject)
      const chunk = Buffer.alloc(1024 * 1024)
      let sent = 0
      const pump = () => {
        while (sent < PADDING) {
          const n = Math.min(chunk.length, PADDING - sent)
          sent += n
          if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump)
        }
        req.end(tail)
      }
      req.write(head)
      req.write(clip)
      req.write(freeBoxHeader(PADDING))
      // The box header counts toward the box: the first 8 bytes of padding are the header itself.
      sent = 8
      pump()
    })
    const seconds = (performance.now() - started) / 1000
    clearInterval(sampler)
    const accepted = status.status === 302 || status.status === 303 || status.status === 204
    const rssGrowthMb = Math.round((peak - idle) * 10) / 10
    const mbPerSec = Math.round((fileBytes / 1024 / 1024 / seconds) * 10) / 10
    console.log(`uploaded ${(fileBytes / 1024 ** 3).toFixed(2)} GiB in ${seconds.toFixed(1)} s (${mbPerSec} MB/s); answer ${status.status}${status.location ? ` → ${status.location}` : ''}`)
    console.log(`server RSS idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, growth ${rssGrowthMb} MB (target < 64 MB)`)
    console.log(JSON.stringify({ bytes: fileBytes, rssGrowthMb, mbPerSec }))
    if (!accepted || rssGrowthMb >= 64) process.exitCode = 1
  } finally {
    server.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 500))
    rmSync(work, { recursive: true, force: true })
  }
}

await main()
