/**
 * The few modules from src/ that are pure (no Node, no database) and that browser code needs:
 * the spec-matrix rules the product editor regenerates its SKU table with, the storefront's URLs
 * and the image-width naming. This is the one non-`.server` file in web/ that imports from src/;
 * add nothing here that touches Node or the database.
 */
export { specMatrix, specKey, type SpecDimension } from '../../src/modules/catalog/catalog.rules.ts';
export { webPaths } from '../../src/shared/web-paths.ts';
export { imageVariant, type ImageSize } from '../../src/shared/media.ts';
