/**
 * Video checks and processing with ffprobe/ffmpeg: the binaries shipped inside the
 * @ffmpeg-installer / @ffprobe-installer packages (so `npm install` is enough), or FFMPEG_PATH /
 * FFPROBE_PATH when set. Probing reads every packet, so a truncated file is caught at upload.
 */
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'

export const MAX_VIDEO_SECONDS = 10 * 60
/** The largest picture a video may have: 4K (3840×2160, either way up), no side over 4096 px. */
export const MAX_VIDEO_PIXELS = 3840 * 2160
export const MAX_VIDEO_SIDE = 4096

const require = createRequire(import.meta.url)
let binaries: { ffmpeg: string; ffprobe: string } | undefined
export function videoBinaries() {
  binaries ??= {
    ffmpeg: process.env.FFMPEG_PATH || (require('@ffmpeg-installer/ffmpeg') as { path: string }).path,
    ffprobe: process.env.FFPROBE_PATH || (require('@ffprobe-installer/ffprobe') as { path: string }).path,
  }
  return binaries
}

function run(binary: string, args: string[], timeoutMs: number) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(binary, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

/** Shorter than a second, or smaller than a postage stamp, is not a video anyone can watch in the feed. */
export const MIN_VIDEO_SECONDS = 1
export const MIN_VIDEO_SIDE = 96

export interface VideoInfo {
  container: string
  videoCodec: string
  audioCodec: string | null
  durationMs: number
  width: number
  height: number
}

export type ProbeError = 'validation.videoUnreadable' | 'validation.videoTooLong' | 'validation.videoTooBig' | 'validation.videoTooSmall' | 'validation.videoTooShort' | 'validation.videoNoPicture'

interface ProbeStream {
  codec_type?: string
  codec_name?: string
  width?: number
  height?: number
  nb_frames?: string
  nb_read_packets?: string
}

/** Reads a file's container, codecs and duration; refuses what is not a whole, playable-length video. */
export async function probeVideo(path: string): Promise<{ ok: true; info: VideoInfo } | { ok: false; error: ProbeError }> {
  const { ffprobe } = videoBinaries()
  const result = await run(ffprobe, ['-v', 'error', '-count_packets', '-show_format', '-show_streams', '-of', 'json', path], 120_000)
  // At -v error anything on stderr is an error ("partial file", "Invalid data" …).
  if (result.code !== 0 || result.stderr.trim()) return { ok: false, error: 'validation.videoUnreadable' }
  let parsed: { streams?: ProbeStream[]; format?: { format_name?: string; duration?: string } }
  try {
    parsed = JSON.parse(result.stdout) as typeof parsed
  } catch {
    return { ok: false, error: 'validation.videoUnreadable' }
  }
  const video = parsed.streams?.find((s) => s.codec_type === 'video')
  const audio = parsed.streams?.find((s) => s.codec_type === 'audio')
  if (!video?.codec_name || !video.width || !video.height) return { ok: false, error: 'validation.videoNoPicture' }
  // Every frame the index promises must be there.
  if (video.nb_frames && video.nb_read_packets && Number(video.nb_read_packets) < Number(video.nb_frames)) return { ok: false, error: 'validation.videoUnreadable' }
  const seconds = Number(parsed.format?.duration)
  if (!Number.isFinite(seconds) || seconds <= 0) return { ok: false, error: 'validation.videoUnreadable' }
  if (seconds > MAX_VIDEO_SECONDS) return { ok: false, error: 'validation.videoTooLong' }
  if (video.width * video.height > MAX_VIDEO_PIXELS || Math.max(video.width, video.height) > MAX_VIDEO_SIDE) return { ok: false, error: 'validation.videoTooBig' }
  if (seconds < MIN_VIDEO_SECONDS) return { ok: false, error: 'validation.videoTooShort' }
  if (Math.min(video.width, video.height) < MIN_VIDEO_SIDE) return { ok: false, error: 'validation.videoTooSmall' }
  return {
    ok: true,
    info: {
      container: parsed.format?.format_name ?? '',
      videoCodec: video.codec_name,
      audioCodec: audio?.codec_name ?? null,
      durationMs: Math.round(seconds * 1000),
      width: video.width,
      height: video.height,
    },
  }
}

/** True when browsers play the file as it is: H.264 (+AAC) in MP4, or VP8/VP9 (+Opus/Vorbis) in WebM. */
export function browserPlayable(contentType: string, info: Pick<VideoInfo, 'videoCodec' | 'audioCodec'>) {
  if (contentType === 'video/mp4') return info.videoCodec === 'h264' && (info.audioCodec === null || info.audioCodec === 'aac')
  if (contentType === 'video/webm') return ['vp8', 'vp9'].includes(info.videoCodec) && (info.audioCodec === null || ['opus', 'vorbis'].includes(info.audioCodec))
  return false
}

/** Writes one JPEG frame from near the start (or the middle of a very short clip). */
export async function extractPoster(input: string, output: string, durationMs: number) {
  const at = Math.min(1, durationMs / 2000).toFixed(2)
  const result = await run(videoBinaries().ffmpeg, ['-v', 'error', '-y', '-ss', at, '-i', input, '-frames:v', '1', '-vf', "scale='min(1280,iw)':-2", '-q:v', '4', output], 60_000)
  if (result.code !== 0) throw new Error(`poster extraction failed: ${result.stderr.slice(0, 300)}`)
}

/** Transcodes to H.264/AAC MP4 that starts playing before it has fully downloaded. */
export async function transcodeToMp4(input: string, output: string) {
  const result = await run(
    videoBinaries().ffmpeg,
    ['-v', 'error', '-y', '-i', input, '-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-vf', "scale='min(1920,iw)':-2", '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', output],
    30 * 60_000,
  )
  return result.code === 0 ? null : result.stderr.slice(0, 300)
}

/** One HLS rendition: its short side in pixels (360 means 640×360, or 360×640 upright) and its rate cap. */
export interface Rendition {
  name: string
  shortSide: number
  maxKbps: number
}

/** Segments of about four seconds, each starting on a keyframe forced every two (the same instants in every rendition). */
export const HLS_SEGMENT_SECONDS = 4
const KEYFRAME_SECONDS = 2

/**
 * Encodes `renditions` of `input` in one pass (decoded once, scaled per rendition) as HLS VOD with
 * fMP4 segments: `<outDir>/<i>/index.m3u8`, its init segment and `seg-00001.m4s` …, where `i` is the
 * rendition's index. H.264 Main + AAC-LC, capped CRF, keyframes aligned across renditions. Scaling
 * goes by the short side after ffmpeg's autorotation, so a phone's upright video keeps its shape.
 * Returns null, or ffmpeg's complaint.
 */
export async function encodeHls(input: string, outDir: string, renditions: Rendition[], options: { audio: boolean }) {
  const scale = (side: number) => `scale=w='if(gte(iw,ih),-2,${side})':h='if(gte(iw,ih),${side},-2)'`
  const graph =
    renditions.length === 1
      ? `[0:v]${scale(renditions[0]!.shortSide)}[v0]`
      : `[0:v]split=${renditions.length}${renditions.map((_, i) => `[s${i}]`).join('')};${renditions.map((r, i) => `[s${i}]${scale(r.shortSide)}[v${i}]`).join(';')}`
  // One thread: packaging is background work and must leave the other cores to the pages being served.
  const args = ['-v', 'error', '-y', '-filter_complex_threads', '1', '-threads', '1', '-i', input, '-filter_complex', graph]
  renditions.forEach((r, i) => {
    args.push('-map', `[v${i}]`)
    if (options.audio) args.push('-map', '0:a:0')
    args.push(`-maxrate:v:${i}`, `${r.maxKbps}k`, `-bufsize:v:${i}`, `${r.maxKbps * 2}k`)
  })
  args.push(
    '-threads', '1',
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-crf', '23', '-pix_fmt', 'yuv420p',
    '-force_key_frames', `expr:gte(t,n_forced*${KEYFRAME_SECONDS})`, '-sc_threshold', '0',
    ...(options.audio ? ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'] : []),
    '-f', 'hls', '-hls_time', String(HLS_SEGMENT_SECONDS), '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
    '-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', 'init.mp4', '-start_number', '1',
    '-hls_segment_filename', join(outDir, '%v', 'seg-%05d.m4s'),
    '-var_stream_map', renditions.map((_, i) => (options.audio ? `v:${i},a:${i}` : `v:${i}`)).join(' '),
    join(outDir, '%v', 'index.m3u8'),
  )
  const result = await run(videoBinaries().ffmpeg, args, 30 * 60_000)
  return result.code === 0 ? null : result.stderr.slice(0, 300) || `ffmpeg exited with ${result.code}`
}
