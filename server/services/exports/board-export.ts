/**
 * The rectification board (整改督办看板) as an Excel workbook for people: a sheet by unit (open items by colour,
 * closure rate, median days to close, items red over 30 days) and a sheet of every open item, Chinese headers.
 */

import ExcelJS from 'exceljs';
import type { Tx } from '../../db';
import { openItemTextZh } from '../../domain/supervision';
import { loadBoard } from '../supervision/open-items';

const LEVEL_ZH = { red: '红色', yellow: '黄色', blue: '蓝色' } as const;
const KIND_ZH = { submission: '未报送', returned: '退回待重报', finding: '待整改', claim: '整改待确认' } as const;
const GROUP_ZH: Record<string, string> = { grassroots: '乡镇街道', organs: '市直单位' };

function styleHeader(ws: ExcelJS.Worksheet, rowNo: number, titles: string[]) {
  const header = ws.getRow(rowNo);
  header.values = titles;
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 30;
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF999999' } } };
  });
}

function title(ws: ExcelJS.Worksheet, cols: number, text: string, sub: string) {
  const last = ws.getColumn(cols).letter;
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').value = text;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells(`A2:${last}2`);
  ws.getCell('A2').value = sub;
  ws.getCell('A2').font = { color: { argb: 'FF666666' } };
  ws.getCell('A2').alignment = { horizontal: 'center' };
}

const FILL = { red: 'FFFDE2E1', yellow: 'FFFFF4CE', blue: 'FFE1EEFD' } as const;

export async function boardWorkbook(tx: Tx, input: { period: string; today: string }) {
  const b = await loadBoard(tx, input);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Dukao 督考';
  const sub = `统计日期 ${b.today} · 未办结 ${b.totals.open} 项（红色 ${b.totals.levels.red}，黄色 ${b.totals.levels.yellow}，蓝色 ${b.totals.levels.blue}）· 整改办结率 ${
    b.totals.closureRate === null ? '—' : `${(b.totals.closureRate * 100).toFixed(1)}%`
  } · 办结用时中位数 ${b.totals.medianDaysToClose ?? '—'} 天 · 红色超过30天 ${b.totals.redOver30} 项`;

  const units = wb.addWorksheet('按单位', { views: [{ state: 'frozen', ySplit: 3 }] });
  const unitHeaders = [
    '单位编码',
    '单位名称',
    '类别',
    '红色',
    '黄色',
    '蓝色',
    '无预警',
    '未办结合计',
    '问题数',
    '已整改',
    '整改办结率',
    '办结用时中位数（天）',
    '红色超过30天',
  ];
  units.columns = [10, 22, 10, 7, 7, 7, 8, 10, 8, 8, 11, 12, 12].map((width) => ({ width }));
  title(units, unitHeaders.length, `${b.period} 整改督办看板（按单位）`, sub);
  styleHeader(units, 3, unitHeaders);
  for (const u of b.units)
    units.addRow([
      u.unitCode,
      u.unitName,
      GROUP_ZH[u.group] ?? u.group,
      u.levels.red,
      u.levels.yellow,
      u.levels.blue,
      u.levels.none,
      u.open,
      u.findings,
      u.closed,
      u.closureRate,
      u.medianDaysToClose,
      u.redOver30,
    ]);
  units.getColumn(11).numFmt = '0.0%';
  units.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3 + b.units.length, column: unitHeaders.length } };

  const items = wb.addWorksheet('未办结事项', { views: [{ state: 'frozen', ySplit: 3 }] });
  const itemHeaders = ['预警', '单位编码', '单位名称', '季度', '事项类别', '事项', '期限', '剩余天数', '未确认催办'];
  items.columns = [8, 10, 22, 9, 12, 60, 12, 10, 10].map((width) => ({ width }));
  title(items, itemHeaders.length, `${b.period} 未办结事项`, sub);
  styleHeader(items, 3, itemHeaders);
  for (const i of b.items) {
    const row = items.addRow([
      i.level ? LEVEL_ZH[i.level] : '—',
      i.unitCode,
      i.unitName,
      i.period,
      KIND_ZH[i.kind],
      openItemTextZh(i),
      i.dueOn ?? '—',
      i.daysLeft,
      i.reminders.open,
    ]);
    if (i.level) row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[i.level] } };
  }
  items.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3 + b.items.length, column: itemHeaders.length } };
  for (const ws of [units, items])
    ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' };
  return {
    body: Buffer.from(await wb.xlsx.writeBuffer()),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `rectification-board-${b.period}.xlsx`,
  };
}
