import { useState } from 'react';
import { App, Button } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import type { RegionProjectionRequest } from '@renkou/core';
import { useI18n } from '../../i18n/i18n';
import { fetchXlsx } from './queries';

/** Hands a file to the browser's download: an object URL on a hidden link, freed once the download has it. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 导出 Excel: the projection shown (the body last run) as an .xlsx workbook; an error goes to `onError`. */
export function ExportButton({ body, onError }: { body: RegionProjectionRequest; onError: (e: unknown) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    onError(null);
    try {
      const file = await fetchXlsx(body, t('projection.exportFile'));
      save(file.blob, file.name);
      void message.success(file.name);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<FileExcelOutlined />} onClick={() => void run()} loading={busy} data-testid="projection-export">
      {t('projection.export')}
    </Button>
  );
}
