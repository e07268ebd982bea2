import { useEffect, useState } from 'react';
import { useActionData, useNavigation, useSubmit } from 'react-router';
import { App, Button, Card, Form, Image, Input, Space, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Route } from './+types/shop-settings';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ApiCallError, postForm } from '../../lib/api-client.ts';
import { shopSettingsAction, shopSettingsPage } from '../../lib/shop-settings.server.ts';

/** 店铺设置: what the shop page shows (logo, banner, intro, announcement, service hours) and where returns go. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return shopSettingsPage(context, request, params.shopId);
}

export function action({ request, context, params }: Route.ActionArgs) {
  return shopSettingsAction(context, request, params.shopId);
}

export default function ShopSettings({ loaderData, params }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  const busy = useNavigation().state !== 'idle';
  const result = useActionData<typeof action>();
  const { profile, limits } = loaderData;
  const [logo, setLogo] = useState<string | null>(profile.logoUrl);
  const [banner, setBanner] = useState<string | null>(profile.bannerUrl);
  useEffect(() => {
    if (result) void (result.ok ? message.success(result.message) : message.error(result.message));
  }, [result, message]);

  const upload = (set: (url: string) => void) => async (file: File) => {
    try {
      const body = new FormData();
      body.set('file', file);
      const image = await postForm<{ url: string }>(`/api/seller/shops/${encodeURIComponent(params.shopId)}/images`, body);
      set(image.url);
    } catch (error) {
      void message.error(error instanceof ApiCallError && error.message ? error.message : t('seller.editor.uploadFailed'));
    }
    return false;
  };
  const picture = (label: string, url: string | null, set: (url: string | null) => void, width: number) => (
    <Form.Item label={label}>
      <Space align="start" wrap>
        {url ? <Image src={url} alt={label} width={width} style={{ objectFit: 'cover', borderRadius: 8 }} /> : null}
        <Upload accept="image/jpeg,image/png,image/webp" showUploadList={false} beforeUpload={upload((u) => set(u))}>
          <Button icon={<UploadOutlined />}>{t('shopSettings.upload')}</Button>
        </Upload>
        {url ? <Button onClick={() => set(null)}>{t('shopSettings.removePicture')}</Button> : null}
      </Space>
    </Form.Item>
  );

  return (
    <>
      <title>{`${t('seller.nav.shop')} - ${t('console.seller')}`}</title>
      <PageTitle
        extra={
          <a href={loaderData.shopHref} target="_blank" rel="noreferrer">
            {t('shopSettings.view')}
          </a>
        }
      >
        {t('seller.nav.shop')}
      </PageTitle>
      <Card>
        <Form
          layout="vertical"
          style={{ maxWidth: 720 }}
          initialValues={{ intro: profile.intro, announcement: profile.announcement, serviceHours: profile.serviceHours, returnAddress: profile.returnAddress }}
          onFinish={(v: { intro?: string; announcement?: string; serviceHours?: string; returnAddress?: string }) =>
            submit(
              { intro: v.intro ?? '', announcement: v.announcement ?? '', serviceHours: v.serviceHours ?? '', returnAddress: v.returnAddress ?? '', logoUrl: logo ?? '', bannerUrl: banner ?? '' },
              { method: 'post' },
            )
          }
        >
          {picture(t('shopSettings.logo'), logo, setLogo, 96)}
          {picture(t('shopSettings.banner'), banner, setBanner, 320)}
          <Form.Item name="intro" label={t('shopSettings.intro')}>
            <Input.TextArea maxLength={limits.intro} showCount autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="announcement" label={t('shopSettings.announcement')} extra={t('shopSettings.announcementHint')}>
            <Input.TextArea maxLength={limits.announcement} showCount autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="serviceHours" label={t('shopSettings.serviceHours')}>
            <Input maxLength={limits.serviceHours} placeholder={t('shopSettings.serviceHoursPlaceholder')} />
          </Form.Item>
          <Form.Item name="returnAddress" label={t('shopSettings.returnAddress')} extra={t('shopSettings.returnAddressHint')}>
            <Input.TextArea maxLength={limits.returnAddress} showCount autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('shopSettings.save')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
