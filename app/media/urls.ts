/**
 * The URLs of a media file and what is derived from it, for pages and components (no `.server`:
 * the browser bundle uses it). The routes that answer them: media.$id.tsx, media.$id_.hls.$.tsx,
 * media.$id_.$variant.tsx.
 */

/** The only widths an image variant is made at: a fixed list, so nobody can make the server render arbitrary sizes. */
export const IMAGE_WIDTHS = [320, 640, 960, 1280] as const
export type ImageWidth = (typeof IMAGE_WIDTHS)[number]
export const IMAGE_FORMATS = ['avif', 'webp', 'jpg'] as const
export type ImageFormat = (typeof IMAGE_FORMATS)[number]

/** The file as uploaded (a video: its faststart MP4). */
export const mediaUrl = (id: string) => `/media/${id}`
/** A ready video's HLS master playlist. */
export const hlsUrl = (id: string) => `/media/${id}/hls/master.m3u8`
/** An image at `width` (or its own width when narrower: never enlarged) as AVIF, WebP or JPEG. */
export const imageUrl = (id: string, width: ImageWidth, format: ImageFormat) => `/media/${id}/w${width}.${format}`
