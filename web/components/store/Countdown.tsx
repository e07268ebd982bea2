import { useEffect, useState } from 'react';

/** 14:59, or 1:02:03 from an hour up. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/**
 * Time left, counted down once a second. `remainingMs` is measured by the server's clock when the
 * page was made, so a wrong clock on the phone does not matter; the page renders it as is, then
 * ticks after hydration. `onDone` runs when it reaches zero.
 */
export function useCountdown(remainingMs: number, onDone?: () => void): number {
  const [left, setLeft] = useState(remainingMs);
  useEffect(() => {
    const start = Date.now();
    setLeft(remainingMs);
    if (remainingMs <= 0) return;
    const timer = setInterval(() => {
      const next = Math.max(0, remainingMs - (Date.now() - start));
      setLeft(next);
      if (next === 0) {
        clearInterval(timer);
        onDone?.();
      }
    }, 1000);
    return () => clearInterval(timer);
    // onDone is a callback for the end only; a new one must not restart the count.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [remainingMs]);
  return left;
}

/** The time left as a clock (14:59), ticking. */
export function Countdown({ remainingMs, onDone, className }: { remainingMs: number; onDone?: () => void; className?: string }) {
  const left = useCountdown(remainingMs, onDone);
  return (
    <span className={`countdown${className ? ` ${className}` : ''}`} role="timer">
      {clockText(left)}
    </span>
  );
}
