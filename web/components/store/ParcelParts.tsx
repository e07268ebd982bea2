import { useState } from 'react';
import { useT } from '../../i18n/use-t.ts';
import type { FulfilmentView, ParcelView, PickupView } from '../../lib/shipment-views.ts';

function CopyNumber({ text }: { text: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  return (
    <button type="button" className="link-btn link-btn--accent" onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}>
      {copied ? t('order.copied') : t('order.copy')}
    </button>
  );
}

/** One parcel: carrier, number, where it is, and its trail newest first (已签收 stands out). */
function Parcel({ parcel: p, index, count }: { parcel: ParcelView; index: number; count: number }) {
  const { t } = useT();
  const [all, setAll] = useState(false);
  const shown = all ? p.events : p.events.slice(0, 4);
  return (
    <li className={`parcel parcel--${p.status}`} aria-label={t('parcel.label', { index: index + 1 })}>
      <div className="parcel__head">
        <span className={`parcel__status parcel__status--${p.status}`}>{t(`parcel.status.${p.status}`)}</span>
        {count > 1 ? <span className="muted small">{t('parcel.number', { index: index + 1 })}</span> : null}
      </div>
      <p className="parcel__carrier">
        <strong>{p.carrierName}</strong> <span className="mono">{p.trackingNo}</span> <CopyNumber text={p.trackingNo} />
      </p>
      {count > 1 || p.lines.length > 1 ? <p className="parcel__contents muted small">{p.lines.map((l) => `${l.title} ×${l.qty}`).join('，')}</p> : null}
      <ol className="timeline parcel__trail">
        {shown.map((e, i) => (
          <li key={e.id} className={[i === 0 ? 'is-latest' : '', e.status === 'signed' ? 'is-signed' : '', e.status === 'exception' || e.status === 'returned' ? 'is-problem' : ''].filter(Boolean).join(' ') || undefined}>
            <strong>
              {t(`parcel.status.${e.status}`)}
              {e.location ? <span className="parcel__where"> · {e.location}</span> : null}
            </strong>
            <span>{e.description}</span>
            <span className="muted small">{e.at}</span>
          </li>
        ))}
        <li className={p.events.length === 0 ? 'is-latest' : undefined}>
          <strong>{t('parcel.status.shipped')}</strong>
          <span>{t('parcel.shippedWith', { carrier: p.carrierName })}</span>
          <span className="muted small">{p.shippedAt}</span>
        </li>
      </ol>
      {p.events.length > 4 ? (
        <button type="button" className="link-btn parcel__more" aria-expanded={all} onClick={() => setAll((v) => !v)}>
          {all ? t('parcel.less') : t('parcel.more', { count: p.events.length - 4 })}
        </button>
      ) : null}
    </li>
  );
}

/** 物流信息 on the shopper's order: every parcel with its trail; 部分发货 says what is still to come. */
export function ParcelList({ fulfilment: f }: { fulfilment: FulfilmentView }) {
  const { t } = useT();
  if (f.parcels.length === 0) return null;
  return (
    <section className="card" aria-labelledby="order-parcels">
      <h2 id="order-parcels" className="card__title">
        {t('parcel.title')}
        {f.state === 'partial' ? <span className="flag flag--partial">{t('ship.partialTag', { shipped: f.shippedPieces, total: f.totalPieces })}</span> : null}
      </h2>
      {f.state === 'partial' ? <p className="muted small parcel__partial">{t('parcel.partialHint', { count: f.totalPieces - f.shippedPieces })}</p> : null}
      <ul className="parcels">
        {f.parcels.map((p, i) => (
          <Parcel key={p.id} parcel={p} index={i} count={f.parcels.length} />
        ))}
      </ul>
    </section>
  );
}

/** 提货码: big digits to read out and a QR code to scan at the counter. */
export function PickupCodeCard({ pickup }: { pickup: PickupView }) {
  const { t } = useT();
  if (pickup.status === 'used') {
    return (
      <section className="card pickup-code pickup-code--used" aria-labelledby="pickup-code-title">
        <h2 id="pickup-code-title" className="card__title">
          {t('pickup.codeTitle')}
        </h2>
        <p>{t('pickup.usedAt', { time: pickup.usedAt ?? '' })}</p>
      </section>
    );
  }
  if (!pickup.code) return null;
  return (
    <section className="card pickup-code" aria-labelledby="pickup-code-title">
      <h2 id="pickup-code-title" className="card__title">
        {t('pickup.codeTitle')}
      </h2>
      <div className="pickup-code__body">
        {pickup.qr ? <img className="pickup-code__qr" src={pickup.qr} width={168} height={168} alt={t('pickup.qrAlt')} /> : null}
        <div className="pickup-code__text">
          <p className="pickup-code__digits" aria-label={t('pickup.codeAria', { code: pickup.code.replace(/\s/g, '') })}>
            {pickup.code}
          </p>
          <p className="muted small">{t('pickup.buyerHint')}</p>
          <p className="muted small">{t('pickup.readyAt', { time: pickup.readyAt })}</p>
        </div>
      </div>
    </section>
  );
}
