import { redirect } from 'react-router';
import type { Route } from './+types/pick-shop';
import { forbidden, requireUser } from '../../lib/guards.server.ts';

/** /seller: visitors log in first; an account without a shop gets 403; members go to their (first) shop. */
export function loader({ request, context }: Route.LoaderArgs) {
  const auth = requireUser(context, request);
  const first = auth.shops[0];
  if (!first) throw forbidden();
  throw redirect(`/seller/${encodeURIComponent(first.shopId)}`);
}

export default function PickShop() {
  return null;
}
