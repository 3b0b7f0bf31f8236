/** Test videos made on the spot with the same ffmpeg the app uses (no binary fixtures in git). */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { videoBinaries } from '../video.server'

export function makeClip(dir: string, name: string, options: { seconds?: number; codec?: 'h264' | 'hevc'; container?: 'mp4' | 'mov'; faststart?: boolean; size?: string; rate?: number } = {}) {
  const { seconds = 2, codec = 'h264', container = 'mp4', faststart = true, size = '320x240', rate = 15 } = options
  const path = join(dir, `${name}.${container}`)
  execFileSync(videoBinaries().ffmpeg, [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=${rate}:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', codec === 'hevc' ? 'libx265' : 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    ...(codec === 'hevc' ? ['-tag:v', 'hvc1', '-x265-params', 'log-level=error'] : []),
    '-c:a', 'aac', '-shortest',
    ...(faststart ? ['-movflags', '+faststart'] : []),
    path,
  ])
  return path
}

/** The first `keep` of a clip's bytes, as a phone upload cut off midway would leave it. */
export function truncate(path: string, keep: number, out: string) {
  writeFileSync(out, readFileSync(path).subarray(0, Math.floor(readFileSync(path).length * keep)))
  return out
}
