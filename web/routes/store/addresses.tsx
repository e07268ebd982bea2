import { useEffect, useRef } from 'react';
import { Link, useFetcher } from 'react-router';
import type { Route } from './+types/addresses';
import { useT } from '../../i18n/use-t.ts';
import { useToast } from '../../components/store/Toast.tsx';
import { requireUser } from '../../lib/guards.server.ts';
import { addressBook, addressBookAction, readReturnTo, withAddress } from '../../lib/addresses.server.ts';
import type { AddressCardView } from '../../lib/buying-views.ts';
import buyingCss from '../../styles/buying.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: buyingCss }];

/**
 * 收货地址. Opened from the checkout page (?returnTo=…) it is also the address chooser: each
 * address then leads back there with it chosen.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const auth = requireUser(context, request);
  const returnTo = readReturnTo(new URL(request.url).searchParams.get('returnTo'));
  const addresses = await addressBook(context, auth.userId);
  return {
    returnTo,
    addresses: addresses.map((a) => ({ ...a, chooseHref: returnTo ? withAddress(returnTo, a.id) : null })),
  };
}

export function action({ request, context }: Route.ActionArgs) {
  return addressBookAction({ request, context });
}

type Result = { ok: boolean; message: string };

/** One fetcher for the page's 删除 / 设为默认, shared by key: a deleted address's item unmounts, so the page reports. */
const ADDRESS_ACTION = 'address-action';

function AddressItem({ a, editHref }: { a: AddressCardView & { chooseHref: string | null }; editHref: string }) {
  const { t } = useT();
  const fetcher = useFetcher<Result>({ key: ADDRESS_ACTION });
  const who = (
    <>
      <span className="co-address__who">
        <strong>{a.recipient}</strong> <span>{a.mobile}</span>
        {a.isDefault ? <span className="flag">{t('address.default')}</span> : null}
        {a.tag ? <span className="flag flag--plain">{a.tag}</span> : null}
      </span>
      <span className="co-address__line">{a.fullAddress}</span>
    </>
  );
  return (
    <li className="card address-item" aria-label={`${a.recipient} ${a.fullAddress}`}>
      {a.chooseHref ? (
        <Link to={a.chooseHref} className="address-item__main" aria-label={t('address.choose', { name: a.recipient })}>
          {who}
        </Link>
      ) : (
        <div className="address-item__main">{who}</div>
      )}
      <div className="address-item__actions">
        {a.isDefault ? (
          <span className="muted small">{t('address.isDefault')}</span>
        ) : (
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="default" />
            <input type="hidden" name="addressId" value={a.id} />
            <button type="submit" className="link-btn" disabled={fetcher.state !== 'idle'}>
              {t('address.makeDefault')}
            </button>
          </fetcher.Form>
        )}
        <span className="address-item__spacer" />
        <Link to={editHref} className="link-btn">
          {t('address.edit')}
        </Link>
        <details className="disclose disclose--inline">
          <summary className="link-btn">{t('address.delete')}</summary>
          <fetcher.Form method="post" className="disclose__panel">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="addressId" value={a.id} />
            <p className="small">{t('address.deleteAsk')}</p>
            <button type="submit" className="btn btn--primary btn--sm" disabled={fetcher.state !== 'idle'}>
              {t('address.deleteConfirm')}
            </button>
          </fetcher.Form>
        </details>
      </div>
    </li>
  );
}

export default function Addresses({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const toast = useToast(2500);
  const { returnTo, addresses } = loaderData;
  const fetcher = useFetcher<Result>({ key: ADDRESS_ACTION });
  const seen = useRef(fetcher.data);
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data || fetcher.data === seen.current) return;
    seen.current = fetcher.data;
    toast.show(fetcher.data.message);
  }, [fetcher.state, fetcher.data, toast.show]);
  const keep = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
  return (
    <>
      <title>{`${t('address.title')} - ${t('site.name')}`}</title>
      <div className="page-head">
        <h1 className="page-title">{returnTo ? t('address.chooseTitle') : t('address.title')}</h1>
        {returnTo ? (
          <Link to={returnTo} className="link-btn">
            ‹ {t('address.back')}
          </Link>
        ) : null}
      </div>
      {actionData?.message ? (
        <p className={actionData.ok ? 'form__ok' : 'form__error'} role={actionData.ok ? 'status' : 'alert'}>
          {actionData.message}
        </p>
      ) : null}
      {addresses.length === 0 ? (
        <div className="card empty-state">
          <p className="empty-state__title">{t('address.empty')}</p>
        </div>
      ) : (
        <ul className="address-list">
          {addresses.map((a) => (
            <AddressItem key={a.id} a={a} editHref={`/me/addresses/${encodeURIComponent(a.id)}${keep}`} />
          ))}
        </ul>
      )}
      <div className="page-foot">
        <Link to={`/me/addresses/new${keep}`} className="btn btn--primary btn--block">
          {t('address.add')}
        </Link>
      </div>
      {toast.node}
    </>
  );
}
