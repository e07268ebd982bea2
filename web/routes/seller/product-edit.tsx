import type { Route } from './+types/product-edit';
import { ProductEditor } from '../../components/console/ProductEditor.tsx';
import { editorAction, editorLoader } from '../../lib/product-editor.server.ts';

/** 编辑商品: the same editor; an on-sale product goes back to review when saved. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return editorLoader({ request, context, params });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return editorAction({ request, context, params });
}

export default function EditProduct({ loaderData, actionData }: Route.ComponentProps) {
  return <ProductEditor key={loaderData.product?.id} data={loaderData} actionError={actionData?.error} />;
}
