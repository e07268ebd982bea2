/** A category's icon: an image URL, a short glyph (emoji), or the name's first character. */
export function CategoryIcon({ name, icon, index = 0 }: { name: string; icon: string | null; index?: number }) {
  if (icon && (icon.startsWith('/') || icon.startsWith('https://'))) {
    return <img className="cat-icon" src={icon} alt="" width={44} height={44} loading="lazy" />;
  }
  const glyph = icon && [...icon].length <= 2 ? icon : [...name][0] ?? '·';
  return (
    <span className={`cat-icon cat-icon--${index % 6}`} aria-hidden="true">
      {glyph}
    </span>
  );
}
