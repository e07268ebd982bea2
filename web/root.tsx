import { useEffect, type ReactNode } from 'react';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse } from 'react-router';
import type { Route } from './+types/root';
import storeCss from './styles/store.css?url';
import { ErrorPage } from './components/ErrorPage.tsx';
import { useRootData } from './i18n/use-t.ts';
import type { RootData } from './lib/root-data.ts';

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%23e4393c'/%3E%3Cpath d='M8 11h16l-2 13H10z' fill='%23fff'/%3E%3Cpath d='M12 11a4 4 0 0 1 8 0' stroke='%23fff' stroke-width='2.4' fill='none'/%3E%3C/svg%3E";

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: storeCss },
  { rel: 'icon', href: FAVICON, type: 'image/svg+xml' },
];

export function loader({ context }: Route.LoaderArgs): RootData {
  const auth = context.auth;
  return {
    locale: context.locale,
    user: auth
      ? { displayName: auth.displayName, platformStaff: auth.platformRoles.length > 0, shopMember: auth.shops.length > 0 }
      : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const locale = useRootData()?.locale ?? 'zh-CN';
  // Marks the document once React has hydrated it, error pages included (this effect runs after the whole
  // tree's): until then a click or a typed value is the browser's alone. The browser tests wait for it (harness `hydrated`).
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#e4393c" />
        <meta name="format-detection" content="telephone=no" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** The friendly 403 / 404 / 500 page for every route (none of them has its own boundary). */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const shown = status === 401 || status === 403 ? 403 : status === 404 || status === 405 ? 404 : 500;
  if (shown === 500 && import.meta.env.DEV) console.error(error);
  return <ErrorPage status={shown} />;
}
