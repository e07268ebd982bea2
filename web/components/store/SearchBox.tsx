import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Form, useNavigate } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { SearchIcon } from './icons.tsx';

const DEBOUNCE_MS = 200;

/**
 * The header's search box. A plain GET form to /search (works without script); with script it
 * suggests titles, categories and brands as the shopper types (Chinese, pinyin or initials) from
 * /api/search/suggest, debounced, as an ARIA combobox.
 */
export function SearchBox({ initial }: { initial: string }) {
  const { t } = useT();
  const navigate = useNavigate();
  const listId = useId();
  const [value, setValue] = useState(initial);
  const [items, setItems] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useRef(false);

  useEffect(() => {
    const q = value.trim().slice(0, 50);
    if (!typed.current || !q) {
      setItems([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/search/suggest?q=${encodeURIComponent(q)}`, { signal: controller.signal, headers: { accept: 'application/json' } })
        .then((r) => (r.ok ? (r.json() as Promise<{ items: string[] }>) : { items: [] }))
        .then((body) => {
          setItems(body.items);
          setActive(-1);
          setOpen(body.items.length > 0);
        })
        .catch(() => {
          /* aborted by the next keystroke, or offline: no suggestions */
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);

  const go = (q: string) => {
    setOpen(false);
    setValue(q);
    typed.current = false;
    navigate(`/search?q=${encodeURIComponent(q)}`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!open || items.length === 0) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => (i + 1) % items.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (i <= 0 ? items.length - 1 : i - 1));
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      go(items[active]!);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const expanded = open && items.length > 0;
  return (
    <Form method="get" action="/search" role="search" className="searchbar" onSubmit={() => setOpen(false)}>
      <SearchIcon size={18} className="searchbar__icon" />
      <input
        type="search"
        name="q"
        value={value}
        onChange={(e) => {
          typed.current = true;
          setValue(e.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => items.length > 0 && setOpen(true)}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        enterKeyHint="search"
        maxLength={50}
        autoComplete="off"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
      />
      <button type="submit">{t('search.submit')}</button>
      <ul id={listId} role="listbox" className="suggest" hidden={!expanded} aria-label={t('search.suggestions')}>
        {items.map((item, i) => (
          <li
            key={item}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'is-active' : ''}
            onMouseDown={(e) => {
              e.preventDefault();
              go(item);
            }}
          >
            {item}
          </li>
        ))}
      </ul>
    </Form>
  );
}
