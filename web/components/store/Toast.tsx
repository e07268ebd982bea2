import { useCallback, useEffect, useRef, useState } from 'react';

/** A short message in the middle of the screen that goes away by itself (a live region for screen readers). */
export function useToast(duration = 2000) {
  const [message, setMessage] = useState('');
  const [serial, setSerial] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const show = useCallback((text: string) => {
    setMessage(text);
    setSerial((n) => n + 1);
  }, []);
  useEffect(() => {
    if (!message) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(''), duration);
    return () => clearTimeout(timer.current);
  }, [message, serial, duration]);
  const node = (
    <div className="toast-region" role="status" aria-live="polite">
      {message ? (
        <div key={serial} className="toast">
          {message}
        </div>
      ) : null}
    </div>
  );
  return { show, node };
}
