import type { Route } from './+types/product-new';
import { ProductEditor } from '../../components/console/ProductEditor.tsx';
import { editorAction, editorLoader } from '../../lib/product-editor.server.ts';

/** 发布商品 */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return editorLoader({ request, context, params });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return editorAction({ request, context, params });
}

export default function NewProduct({ loaderData, actionData }: Route.ComponentProps) {
  return <ProductEditor data={loaderData} actionError={actionData?.error} />;
}
