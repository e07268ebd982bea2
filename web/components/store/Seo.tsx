import { useT } from '../../i18n/use-t.ts';
import { jsonLd } from '../../lib/seo.ts';

export interface SeoProps {
  title: string;
  description: string;
  /** Absolute URL of this page's canonical form. */
  canonical: string;
  /** Absolute image URL for sharing. */
  image?: string | null | undefined;
  type?: 'website' | 'product';
  /** Structured data, each rendered as its own application/ld+json script (with "<" escaped). */
  structured?: unknown[];
}

/** <title>, meta description, canonical link and Open Graph tags (React hoists them into <head>), plus JSON-LD. */
export function Seo({ title, description, canonical, image, type = 'website', structured = [] }: SeoProps) {
  const { t, locale } = useT();
  return (
    <>
      <title>{title}</title>
      <meta name="description" content={description} />
      <link rel="canonical" href={canonical} />
      <meta property="og:site_name" content={t('site.name')} />
      <meta property="og:type" content={type} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={canonical} />
      <meta property="og:locale" content={locale === 'en' ? 'en_US' : 'zh_CN'} />
      {image ? <meta property="og:image" content={image} /> : null}
      {structured.map((doc, i) => (
        <script key={i} type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(doc) }} />
      ))}
    </>
  );
}
