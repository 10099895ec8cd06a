import ExcelJS from 'exceljs';
import type { Tx } from '../../db';
import { CATEGORY_LABELS } from '../../domain/catalogue';
import type { Scope } from '../../domain/names';
import { describeBounds } from '../../domain/validation/counts';
import { getQuarterEntry } from '../workflow/quarter-entry';
import {
  COLUMN_ORDER,
  ENTRY_SHEET,
  HEADERS,
  META_SHEET,
  quarterLabelZh,
  statusLabelZh,
  TEMPLATE_FORMAT,
  TEMPLATE_FORMAT_VERSION,
} from './template-layout';

export type TemplateFile = { fileName: string; body: Buffer; contentType: string };

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER_ROW = 5;
const GREY = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } } as const;
const YELLOW = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9DB' } } as const;

/**
 * The Excel template of one unit's quarter: the catalogue's Chinese names, measures and hints, the unit's current
 * values pre-filled, a hidden and locked key column of indicator codes, and a hidden sheet naming unit, quarter and
 * the submission version it was made from (an upload made against an older version is refused as a conflict).
 */
export async function buildQuarterTemplate(
  tx: Tx,
  input: { unitCode: string; period: string; scope: Scope; now: Date },
): Promise<TemplateFile> {
  const entry = await getQuarterEntry(tx, input);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Dukao 督考';
  wb.created = input.now;
  const ws = wb.addWorksheet(ENTRY_SHEET, { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
  ws.columns = [
    { key: 'key', width: 28 },
    { key: 'category', width: 14 },
    { key: 'name', width: 34 },
    { key: 'measure', width: 10 },
    { key: 'value', width: 14 },
    { key: 'hint', width: 52 },
  ];
  ws.getColumn(1).hidden = true;

  ws.mergeCells('B1:F1');
  const title = ws.getCell('B1');
  title.value = `${entry.unit.name}（${entry.unit.code}）${quarterLabelZh(entry.period)} 政务公开与网上审批数据填报表`;
  title.font = { bold: true, size: 14 };
  ws.getRow(2).values = ['', '单位', `${entry.unit.name}（${entry.unit.code}）`, '期间', entry.period];
  const state =
    statusLabelZh(entry.status) +
    (entry.returnReason && entry.status === 'returned' ? `：${entry.returnReason}` : '') +
    (entry.locked ? '（本季度已锁定，不能上传）' : '');
  ws.getRow(3).values = ['', '状态', state, '版本', entry.version];
  ws.mergeCells('B4:F4');
  ws.getCell('B4').value =
    '只填写黄色的“数值”列，填整数；空白表示未填。请勿修改其它列或隐藏的指标代码列。填好后在“数据填报”页面上传本文件（保存为草稿或直接提交）。';
  ws.getCell('B4').alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(4).height = 32;
  for (const r of [2, 3]) ws.getRow(r).getCell(2).font = ws.getRow(r).getCell(4).font = { bold: true };

  const header = ws.getRow(HEADER_ROW);
  header.values = COLUMN_ORDER.map((k) => HEADERS[k]);
  header.font = { bold: true };
  header.eachCell((c) => (c.fill = GREY));

  let rowNo = HEADER_ROW + 1;
  for (const def of entry.catalogue) {
    const row = ws.getRow(rowNo++);
    const hint = describeBounds(def, entry.catalogue);
    row.values = [
      def.code,
      CATEGORY_LABELS[def.category]?.zh ?? def.category,
      def.nameZh,
      def.measure,
      entry.values[def.code] ?? null,
      hint.zh,
    ];
    const value = row.getCell(5);
    value.protection = { locked: false };
    value.fill = YELLOW;
    value.numFmt = '0';
    value.dataValidation = {
      type: 'whole',
      allowBlank: true,
      ...(def.max !== null
        ? { operator: 'between' as const, formulae: [def.min, def.max] }
        : { operator: 'greaterThanOrEqual' as const, formulae: [def.min] }),
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '数值无效',
      error: `${def.nameZh}：${hint.zh}`,
    };
    row.getCell(6).font = { color: { argb: 'FF666666' } };
  }
  // Locked, without a password: it guards against accidental edits of names and keys, not against the user.
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });

  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  const m: [string, string | number][] = [
    ['format', TEMPLATE_FORMAT],
    ['formatVersion', TEMPLATE_FORMAT_VERSION],
    ['unit', entry.unit.code],
    ['period', entry.period],
    ['version', entry.version],
    ['generatedAt', input.now.toISOString()],
  ];
  for (const pair of m) meta.addRow(pair);

  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `dukao-${entry.unit.code}-${entry.period}.xlsx`, body, contentType: XLSX_TYPE };
}
