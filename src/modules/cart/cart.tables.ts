import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

/** `owner` is `user:<id>` for accounts, `guest:<hash of the cart cookie>` for visitors. */
export interface CartItemTable {
  id: string;
  owner: string;
  sku_id: string;
  qty: number;
  selected: ColumnType<boolean, boolean | undefined>;
  price_when_added_fen: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CartTables {
  cart_item: CartItemTable;
}
