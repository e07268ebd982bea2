import type { ReactNode } from 'react';
import {
  AccountBookOutlined,
  AlertOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BulbOutlined,
  CarOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileTextOutlined,
  HistoryOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { MessageKey } from '../../i18n/messages.ts';

export interface NavItem {
  /** The URL segment after the console's base path; '' is the overview. */
  segment: string;
  label: MessageKey;
  icon: ReactNode;
}

/** 商家后台 left navigation, in order. */
export const SELLER_NAV: readonly NavItem[] = [
  { segment: '', label: 'seller.nav.overview', icon: <DashboardOutlined /> },
  { segment: 'products', label: 'seller.nav.products', icon: <ShoppingOutlined /> },
  { segment: 'orders', label: 'seller.nav.orders', icon: <ProfileOutlined /> },
  { segment: 'logistics', label: 'seller.nav.logistics', icon: <CarOutlined /> },
  { segment: 'after-sales', label: 'seller.nav.afterSales', icon: <CustomerServiceOutlined /> },
  { segment: 'complaints', label: 'seller.nav.complaints', icon: <AlertOutlined /> },
  { segment: 'finance', label: 'seller.nav.finance', icon: <AccountBookOutlined /> },
  { segment: 'shop', label: 'seller.nav.shop', icon: <ShopOutlined /> },
  { segment: 'staff', label: 'seller.nav.staff', icon: <TeamOutlined /> },
  { segment: 'agreement', label: 'seller.nav.agreement', icon: <FileTextOutlined /> },
];

/** 平台后台 left navigation, in order. */
export const ADMIN_NAV: readonly NavItem[] = [
  { segment: '', label: 'admin.nav.overview', icon: <DashboardOutlined /> },
  { segment: 'applications', label: 'admin.nav.applications', icon: <AuditOutlined /> },
  { segment: 'shops', label: 'admin.nav.shops', icon: <ShopOutlined /> },
  { segment: 'product-review', label: 'admin.nav.productReview', icon: <SafetyCertificateOutlined /> },
  { segment: 'catalog', label: 'admin.nav.catalog', icon: <AppstoreOutlined /> },
  { segment: 'orders', label: 'admin.nav.orders', icon: <ProfileOutlined /> },
  { segment: 'disputes', label: 'admin.nav.disputes', icon: <AlertOutlined /> },
  { segment: 'complaints', label: 'admin.nav.complaints', icon: <CustomerServiceOutlined /> },
  { segment: 'finance', label: 'admin.nav.finance', icon: <AccountBookOutlined /> },
  { segment: 'content', label: 'admin.nav.content', icon: <FileTextOutlined /> },
  { segment: 'suggestions', label: 'admin.nav.suggestions', icon: <BulbOutlined /> },
  { segment: 'staff', label: 'admin.nav.staff', icon: <TeamOutlined /> },
  { segment: 'audit-log', label: 'admin.nav.auditLog', icon: <HistoryOutlined /> },
  { segment: 'settings', label: 'admin.nav.settings', icon: <SettingOutlined /> },
];

/** Sections without a page yet show an honest "即将上线" (coming soon). */
export const SELLER_SECTIONS = new Set(SELLER_NAV.map((n) => n.segment).filter(Boolean));
export const ADMIN_SECTIONS = new Set(ADMIN_NAV.map((n) => n.segment).filter(Boolean));
