/**
 * Product images are stored as WebP in three widths next to each other:
 *   /media/<folder>/<name>-200.webp  (thumbnail)
 *   /media/<folder>/<name>-400.webp  (list)
 *   /media/<folder>/<name>-800.webp  (detail)
 * Rows store the detail URL; pages ask for the width they show.
 */
export const IMAGE_WIDTHS = { thumb: 200, list: 400, detail: 800 } as const;
export type ImageSize = keyof typeof IMAGE_WIDTHS;

export function imageVariant(detailUrl: string, size: ImageSize): string {
  return detailUrl.replace(/-\d+\.webp$/, `-${IMAGE_WIDTHS[size]}.webp`);
}
