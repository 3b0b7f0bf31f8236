import { IMAGE_WIDTHS, imageUrl, type ImageFormat, type ImageWidth } from '~/media/urls'

export interface ResponsiveImageProps {
  /** The image's media id. */
  id: string
  alt: string
  /** How wide the image is drawn, as the `sizes` attribute says it (`(min-width: 64rem) 24rem, 100vw`). */
  sizes: string
  /** The drawn box's width and height (its aspect ratio before the image arrives). */
  width: number
  height: number
  /** The original's width when known: no candidate is offered that would only repeat it. */
  sourceWidth?: number | null
  className?: string
  /** Lazy by default; `eager` for an image at the top of the page. */
  loading?: 'lazy' | 'eager'
  /** The page's main picture (its largest paint): fetched before everything else. */
  priority?: boolean
}

/** The widths worth offering: those narrower than the original, and the first that covers it. */
export function candidateWidths(sourceWidth?: number | null): ImageWidth[] {
  if (!sourceWidth) return [...IMAGE_WIDTHS]
  const narrower = IMAGE_WIDTHS.filter((w) => w < sourceWidth)
  const covering = IMAGE_WIDTHS.find((w) => w >= sourceWidth)
  return covering ? [...narrower, covering] : narrower
}

/**
 * An uploaded image as AVIF, then WebP, then JPEG, each at the fixed widths the server makes
 * (media.$id_.$variant.tsx): the browser picks the format it reads and the width its layout and
 * screen need. Lazy and decoded off the main thread unless told otherwise.
 */
export function ResponsiveImage({ id, alt, sizes, width, height, sourceWidth, className, loading = 'lazy', priority = false }: ResponsiveImageProps) {
  const widths = candidateWidths(sourceWidth)
  // A variant is never wider than its original: say so, so the browser does not expect more pixels.
  const srcSet = (format: ImageFormat) => widths.map((w) => `${imageUrl(id, w, format)} ${sourceWidth ? Math.min(w, sourceWidth) : w}w`).join(', ')
  const fallback = widths.filter((w) => w <= 640).at(-1) ?? widths[0]!
  return (
    <picture>
      <source type="image/avif" srcSet={srcSet('avif')} sizes={sizes} />
      <source type="image/webp" srcSet={srcSet('webp')} sizes={sizes} />
      <img
        src={imageUrl(id, fallback, 'jpg')}
        srcSet={srcSet('jpg')}
        sizes={sizes}
        width={width}
        height={height}
        loading={priority ? 'eager' : loading}
        decoding="async"
        alt={alt}
        className={className}
        // React 18 passes the lowercase attribute through (its camelCase prop arrives in React 19).
        {...(priority ? { fetchpriority: 'high' } : {})}
      />
    </picture>
  )
}
