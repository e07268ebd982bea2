import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/use-t.ts';

export interface GalleryImage {
  detail: string;
  thumb: string;
}

/**
 * The product pictures: a swipeable strip (CSS scroll snap, so it works before any script) with a
 * "1/5" counter, and thumbnails on wider screens. `activeIndex` follows the chosen SKU's picture.
 */
export function Gallery({ images, activeIndex, title }: { images: GalleryImage[]; activeIndex: number | null; title: string }) {
  const { t } = useT();
  const track = useRef<HTMLDivElement>(null);
  const [current, setCurrent] = useState(0);

  const go = (index: number) => {
    const el = track.current;
    if (!el) return;
    el.scrollTo({ left: index * el.clientWidth, behavior: 'smooth' });
    setCurrent(index);
  };
  useEffect(() => {
    if (activeIndex !== null && activeIndex >= 0) go(activeIndex);
  }, [activeIndex]);

  if (images.length === 0) {
    return (
      <div className="gallery gallery--empty" aria-label={t('product.noImage')}>
        <svg viewBox="0 0 24 24" width="96" height="96" fill="none" stroke="currentColor" strokeWidth="1.2" aria-hidden="true">
          <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
          <circle cx="9" cy="10" r="1.8" />
          <path d="m4 17 5-4.5 4 3.5 3-2.5 4 3.5" />
        </svg>
      </div>
    );
  }
  return (
    <div className="gallery">
      <div
        className="gallery__track"
        ref={track}
        onScroll={(e) => {
          const el = e.currentTarget;
          const index = Math.round(el.scrollLeft / Math.max(1, el.clientWidth));
          if (index !== current) setCurrent(index);
        }}
      >
        {images.map((img, i) => (
          <img
            key={img.detail}
            src={img.detail}
            alt={i === 0 ? title : ''}
            width={800}
            height={800}
            loading={i === 0 ? 'eager' : 'lazy'}
            fetchPriority={i === 0 ? 'high' : undefined}
            className="gallery__image"
          />
        ))}
      </div>
      {images.length > 1 ? (
        <>
          <span className="gallery__counter" aria-hidden="true">
            {current + 1}/{images.length}
          </span>
          <div className="gallery__thumbs">
            {images.map((img, i) => (
              <button key={img.thumb} type="button" className={i === current ? 'is-on' : ''} onClick={() => go(i)} aria-label={t('product.picture', { n: i + 1 })} aria-current={i === current}>
                <img src={img.thumb} alt="" width={64} height={64} loading="lazy" />
              </button>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
