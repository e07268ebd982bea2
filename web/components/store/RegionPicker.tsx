import { useEffect, useState } from 'react';
import { useT } from '../../i18n/use-t.ts';
import type { RegionOption } from '../../lib/buying-views.ts';

interface Props {
  value: { provinceCode: string; cityCode: string; districtCode: string };
  options: { provinces: RegionOption[]; cities: RegionOption[]; districts: RegionOption[] };
  error?: string | undefined;
}

async function children(code: string): Promise<RegionOption[]> {
  const response = await fetch(`/api/regions?parent=${encodeURIComponent(code)}`, { headers: { accept: 'application/json' } });
  if (!response.ok) return [];
  return ((await response.json()) as { items: RegionOption[] }).items;
}

/**
 * 所在地区: 省 / 市 / 区 as three selects. With JavaScript the next level loads from
 * /api/regions as soon as one is chosen; without it, 刷新地区 posts the form back
 * (intent=region) and the page returns with the next level filled in.
 */
export function RegionPicker({ value, options, error }: Props) {
  const { t } = useT();
  const [codes, setCodes] = useState(value);
  const [cities, setCities] = useState(options.cities);
  const [districts, setDistricts] = useState(options.districts);
  const [loading, setLoading] = useState<'' | 'city' | 'district'>('');
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // A no-JavaScript round trip (or a failed save) brings new values and options.
  useEffect(() => {
    setCodes(value);
    setCities(options.cities);
    setDistricts(options.districts);
  }, [value, options]);

  const chooseProvince = async (code: string) => {
    setCodes({ provinceCode: code, cityCode: '', districtCode: '' });
    setCities([]);
    setDistricts([]);
    if (!code) return;
    setLoading('city');
    try {
      setCities(await children(code));
    } finally {
      setLoading('');
    }
  };
  const chooseCity = async (code: string) => {
    setCodes((c) => ({ ...c, cityCode: code, districtCode: '' }));
    setDistricts([]);
    if (!code) return;
    setLoading('district');
    try {
      setDistricts(await children(code));
    } finally {
      setLoading('');
    }
  };

  return (
    <fieldset className="region-picker" aria-describedby={error ? 'region-error' : undefined}>
      <legend>{t('address.region')}</legend>
      <div className="region-picker__selects">
        <label>
          <span className="visually-hidden">{t('address.province')}</span>
          <select name="provinceCode" value={codes.provinceCode} onChange={(e) => void chooseProvince(e.target.value)} aria-label={t('address.province')} aria-invalid={Boolean(error) || undefined}>
            <option value="">{t('address.province')}</option>
            {options.provinces.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">{t('address.city')}</span>
          <select name="cityCode" value={codes.cityCode} onChange={(e) => void chooseCity(e.target.value)} disabled={hydrated && cities.length === 0} aria-label={t('address.city')} aria-busy={loading === 'city'}>
            <option value="">{loading === 'city' ? t('address.loading') : t('address.city')}</option>
            {cities.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">{t('address.district')}</span>
          <select
            name="districtCode"
            value={codes.districtCode}
            onChange={(e) => setCodes((c) => ({ ...c, districtCode: e.target.value }))}
            disabled={hydrated && districts.length === 0}
            aria-label={t('address.district')}
            aria-busy={loading === 'district'}
          >
            <option value="">{loading === 'district' ? t('address.loading') : t('address.district')}</option>
            {districts.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {hydrated ? null : (
        <button type="submit" name="intent" value="region" formNoValidate className="link-btn link-btn--accent">
          {t('address.refreshRegion')}
        </button>
      )}
      {error ? (
        <small id="region-error" className="field-error">
          {error}
        </small>
      ) : null}
    </fieldset>
  );
}
