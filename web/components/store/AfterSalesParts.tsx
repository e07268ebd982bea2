import { useCountdown } from './Countdown.tsx';
import { Link } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import {
  aroundTime,
  countdownText,
  deadlineKey,
  type AfsKind,
  type AfsStatus,
  type DeadlineView,
  type MessageView,
  type OrderLineAfsView,
  type PhotoView,
  type StepView,
  type TimelineView,
} from '../../lib/after-sales-views.ts';

/**
 * Time left before a deadline, ticking once a second. `remainingMs` is by the server's clock when the
 * page was made (a wrong phone clock does not matter); it renders as is, then ticks after hydration.
 */
export function DeadlineCountdown({ remainingMs, onDone }: { remainingMs: number; onDone?: () => void }) {
  const { t } = useT();
  const left = useCountdown(remainingMs, onDone);
  return (
    <span className="countdown" role="timer">
      {countdownText(left, t)}
    </span>
  );
}

/** "商家 47:59:12 内未处理，系统将自动同意" — the running deadline in words with a live countdown. */
export function DeadlineLine({ deadline, status, kind, onDone }: { deadline: DeadlineView; status: AfsStatus; kind: AfsKind; onDone?: () => void }) {
  const { t } = useT();
  const key = deadlineKey(status, kind, 'buyer');
  if (!key) return null;
  if (deadline.remainingMs <= 0) return <span>{t('afs.deadline.passed')}</span>;
  const [before, after] = aroundTime(t, key);
  return (
    <span data-testid="afs-deadline">
      {before}
      <DeadlineCountdown remainingMs={deadline.remainingMs} onDone={onDone} />
      {after}
    </span>
  );
}

/** The progress stepper: where the request has been (with times) and what is still ahead. */
export function ProgressSteps({ steps }: { steps: StepView[] }) {
  const { t } = useT();
  return (
    <ol className="afs-steps" aria-label={t('afs.section.progress')}>
      {steps.map((s, i) => (
        <li key={`${s.status}-${i}`} className={`afs-step afs-step--${s.state}`} aria-current={s.state === 'current' ? 'step' : undefined}>
          <span className="afs-step__dot" aria-hidden="true">
            {s.state === 'done' ? '✓' : s.state === 'stopped' ? '×' : i + 1}
          </span>
          <span className="afs-step__label">{t(s.status === 'decision' ? 'afs.step.decision' : `afs.step.${s.status}`)}</span>
          {s.at ? <span className="afs-step__at">{s.at.slice(5)}</span> : null}
        </li>
      ))}
    </ol>
  );
}

export function AfsPhotos({ photos }: { photos: PhotoView[] }) {
  const { t } = useT();
  if (photos.length === 0) return null;
  return (
    <ul className="cmp-photos">
      {photos.map((p, i) => (
        <li key={`${p.url}-${i}`}>
          <a href={p.url} target="_blank" rel="noreferrer">
            <img src={p.thumb} alt={t('afs.photoAlt', { n: i + 1 })} width={72} height={72} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

/** The negotiation record as the shopper sees it: their words on the right, the shop's and the platform's on the left. */
export function Conversation({ messages }: { messages: MessageView[] }) {
  const { t } = useT();
  if (messages.length === 0) return <p className="muted small">{t('afs.thread.empty')}</p>;
  return (
    <ol className="cmp-thread">
      {messages.map((m) => (
        <li key={m.id} className={`cmp-msg cmp-msg--${m.authorRole === 'platform' ? 'platform' : m.authorRole}${m.mine ? ' cmp-msg--mine' : ''}`}>
          <span className="cmp-msg__who">
            {m.mine ? t('afs.role.me') : t(`afs.role.${m.authorRole}`)} · {m.at}
          </span>
          <span className="cmp-msg__bubble">{m.body}</span>
          <AfsPhotos photos={m.photos} />
        </li>
      ))}
    </ol>
  );
}

/** 处理记录: every step, newest first. */
export function AfsTimeline({ timeline }: { timeline: TimelineView[] }) {
  const { t } = useT();
  return (
    <ol className="timeline">
      {[...timeline].reverse().map((e, i) => (
        <li key={`${e.at}-${i}`} className={i === 0 ? 'is-latest' : undefined}>
          <strong>
            {t(`afs.event.${e.action}` as MessageKey)}
            {e.amount ? ` ${e.amount}` : ''}
          </strong>
          <span className="muted small">
            {e.at} · {t(`afs.role.${e.actorRole}`)}
          </span>
          {e.note ? <span className="small">{e.note}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** Under the order's lines: per line 申请售后, its request's status (a link), and 已退款 ¥x. */
export function OrderLineAfterSales({ lines }: { lines: OrderLineAfsView[] }) {
  const { t } = useT();
  if (lines.length === 0) return null;
  const single = lines.length === 1;
  return (
    <ul className="afs-order-lines" aria-label={t('afs.order.section')}>
      {lines.map((l) => (
        <li key={l.lineId} className="afs-order-line" data-line={l.lineId}>
          {single ? <span className="afs-order-line__title muted small">{t('afs.order.section')}</span> : <span className="afs-order-line__title small">{l.title}</span>}
          <span className="afs-order-line__acts">
            {l.refunded ? <span className="afs-refunded">{t('afs.order.refunded', { amount: l.refunded })}</span> : null}
            {l.request ? (
              <Link to={l.request.href} className={`afs-chip${l.request.open ? ' afs-chip--open' : ''}`}>
                {t(l.request.open ? 'afs.order.inProgress' : 'afs.order.last', { status: t(`afs.status.${l.request.status}`) })} ›
              </Link>
            ) : null}
            {l.applyHref ? (
              <Link to={l.applyHref} className="btn btn--sm btn--ghost" aria-label={single ? undefined : t('afs.order.applyFor', { title: l.title })}>
                {t('afs.apply')}
              </Link>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
