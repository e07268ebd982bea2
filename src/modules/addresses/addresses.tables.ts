import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

export type AddressTag = '家' | '公司' | '学校';
export const ADDRESS_TAGS = ['家', '公司', '学校'] as const satisfies readonly AddressTag[];

export interface AddressTable {
  id: string;
  user_id: string;
  recipient: string;
  /** Normalised mainland mobile, `+86…`. */
  mobile: string;
  province_code: string;
  province_name: string;
  city_code: string;
  city_name: string;
  district_code: string;
  district_name: string;
  street: string | null;
  detail: string;
  tag: AddressTag | null;
  is_default: ColumnType<boolean, boolean | undefined>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AddressTables {
  address: AddressTable;
}

export type AddressRow = Selectable<AddressTable>;
