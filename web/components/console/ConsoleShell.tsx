import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { App, Button, ConfigProvider, Empty, Card, Layout, Menu, Typography, theme as antdTheme } from 'antd';
import type { Locale as AntdLocale } from 'antd/es/locale';
import { HomeOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import zhCNModule from 'antd/locale/zh_CN';
import enUSModule from 'antd/locale/en_US';
import { useT } from '../../i18n/use-t.ts';
import { LanguageSwitch } from '../LanguageSwitch.tsx';
import type { NavItem } from './nav.tsx';

// On the server antd is loaded as CommonJS, so a default import may arrive wrapped.
function unwrap(m: unknown): AntdLocale {
  const inner = (m as { default?: AntdLocale }).default;
  return inner && typeof inner === 'object' && 'locale' in inner ? inner : (m as AntdLocale);
}
const ANTD_LOCALES = { 'zh-CN': unwrap(zhCNModule), en: unwrap(enUSModule) } as const;

export const FONT_STACK = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", -apple-system, BlinkMacSystemFont, "Segoe UI", sans-serif';

export interface ConsoleShellProps {
  /** 商家后台 / 平台后台 */
  title: string;
  /** e.g. /seller/shp_1 or /admin */
  basePath: string;
  nav: readonly NavItem[];
  userName: string;
  accent: string;
  /** Shown at the left of the header (the shop switcher). */
  headerExtra?: ReactNode;
  children: ReactNode;
}

/** The Ant Design frame both consoles share: left navigation, a header with the user, language and 退出. */
export function ConsoleShell({ title, basePath, nav, userName, accent, headerExtra, children }: ConsoleShellProps) {
  const { t, locale } = useT();
  const location = useLocation();
  const rest = location.pathname.slice(basePath.length).replace(/^\/+/, '');
  const selected = rest.split('/')[0] ?? '';
  // Below antd's lg breakpoint the navigation is a drawer-like overlay behind a trigger.
  // Until hydration tells us the width, small screens hide it (see store.css) rather than flash it open.
  const [collapsed, setCollapsed] = useState(false);
  const [narrow, setNarrow] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  return (
    <ConfigProvider
      locale={ANTD_LOCALES[locale]}
      theme={{
        algorithm: antdTheme.defaultAlgorithm,
        token: { colorPrimary: accent, fontFamily: FONT_STACK, borderRadius: 6 },
        components: { Layout: { siderBg: '#001529', headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px' } },
      }}
    >
      <App>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Sider
            breakpoint="lg"
            collapsedWidth={0}
            width={216}
            collapsed={collapsed}
            onCollapse={(value) => setCollapsed(value)}
            onBreakpoint={(below) => setNarrow(below)}
            zeroWidthTriggerStyle={{ top: 12 }}
            className={`console-sider${hydrated ? '' : ' console-sider--ssr'}${narrow ? ' console-sider--overlay' : ''}`}
          >
            <Link to={basePath} style={{ display: 'flex', alignItems: 'center', gap: 10, height: 56, padding: '0 20px', color: '#fff', textDecoration: 'none' }}>
              <span style={{ display: 'inline-grid', placeItems: 'center', width: 28, height: 28, borderRadius: 6, background: '#e4393c', fontWeight: 700 }}>集</span>
              <span style={{ fontSize: 16, fontWeight: 600, whiteSpace: 'nowrap' }}>{title}</span>
            </Link>
            <Menu
              theme="dark"
              mode="inline"
              selectedKeys={[selected]}
              onClick={() => narrow && setCollapsed(true)}
              items={nav.map((item) => ({
                key: item.segment,
                icon: item.icon,
                label: <Link to={item.segment ? `${basePath}/${item.segment}` : basePath}>{t(item.label)}</Link>,
              }))}
            />
          </Layout.Sider>
          <Layout>
            <Layout.Header
              className="console-header"
              style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12, borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, zIndex: 10 }}
            >
              <div style={{ minWidth: 0, display: 'flex', alignItems: 'center', gap: 12 }}>{headerExtra}</div>
              <div style={{ flex: 'none', display: 'flex', alignItems: 'center', gap: 16, whiteSpace: 'nowrap' }}>
                <a href="/" title={t('console.backToStore')} style={{ color: 'rgba(0,0,0,.65)' }}>
                  <HomeOutlined /> <span className="console-hide-sm">{t('console.backToStore')}</span>
                </a>
                <Typography.Text strong className="console-hide-sm" style={{ whiteSpace: 'nowrap' }}>
                  <UserOutlined /> {userName}
                </Typography.Text>
                <LanguageSwitch className="lang-switch--console" />
                <form method="post" action="/logout" style={{ margin: 0 }}>
                  <Button htmlType="submit" size="small" icon={<LogoutOutlined />} aria-label={t('console.logout')}>
                    <span className="console-hide-sm">{t('console.logout')}</span>
                  </Button>
                </form>
              </div>
            </Layout.Header>
            <Layout.Content style={{ padding: 20 }}>{children}</Layout.Content>
          </Layout>
        </Layout>
      </App>
    </ConfigProvider>
  );
}

/** A console page's title row. */
export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 16, gap: 12, flexWrap: 'wrap' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </div>
  );
}

/** What a section that later work will fill shows now: an honest empty state, never sample data. */
export function ComingSoon({ section }: { section: string }) {
  const { t } = useT();
  return (
    <Card>
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <>
            <Typography.Text strong>{t('console.comingSoon')}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{t('console.comingSoonHint', { section })}</Typography.Text>
          </>
        }
      />
    </Card>
  );
}
