import { useEffect, useState } from 'react';
import { Input, Modal, Space, Tag, Typography } from 'antd';
import { useT } from '../../i18n/use-t.ts';

/** Asks for the reason a rejection or forced removal needs (required, ≤ 200 characters), with quick picks. */
export function ReasonModal({
  open,
  title,
  presets,
  busy,
  onCancel,
  onOk,
}: {
  open: boolean;
  title: string;
  presets: string[];
  busy: boolean;
  onCancel: () => void;
  onOk: (reason: string) => void;
}) {
  const { t } = useT();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (open) {
      setReason('');
      setTouched(false);
    }
  }, [open]);
  const empty = reason.trim().length === 0;
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => {
        setTouched(true);
        if (!empty) onOk(reason.trim());
      }}
      destroyOnHidden
    >
      <Space wrap style={{ marginBottom: 8 }}>
        {presets.map((p) => (
          <Tag.CheckableTag key={p} checked={reason === p} onChange={() => setReason(p)}>
            {p}
          </Tag.CheckableTag>
        ))}
      </Space>
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={200}
        showCount
        autoSize={{ minRows: 3 }}
        aria-label={t('admin.review.reason')}
        placeholder={t('admin.review.reasonPlaceholder')}
        status={touched && empty ? 'error' : undefined}
      />
      {touched && empty ? <Typography.Text type="danger">{t('admin.review.reasonRequired')}</Typography.Text> : null}
    </Modal>
  );
}
