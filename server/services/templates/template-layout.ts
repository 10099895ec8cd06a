/** The layout of the per-unit, per-quarter Excel template, shared by the writer and the reader. */

export const TEMPLATE_FORMAT = 'dukao-quarter-template';
export const TEMPLATE_FORMAT_VERSION = 1;
/** The visible sheet people fill in, and the hidden sheet that names the unit, quarter and version. */
export const ENTRY_SHEET = '数据填报';
export const META_SHEET = '_dukao';

/** Header texts; the reader finds the header row and its columns by these, so moved columns still read. */
export const HEADERS = {
  key: '指标代码',
  category: '类别',
  name: '指标名称',
  measure: '计量单位',
  value: '数值',
  hint: '填写提示',
} as const;

export const COLUMN_ORDER = ['key', 'category', 'name', 'measure', 'value', 'hint'] as const;

export type TemplateMeta = { format: string; formatVersion: number; unit: string; period: string; version: number };

const STATUS_ZH: Record<string, string> = {
  none: '未填报',
  draft: '草稿',
  submitted: '已提交',
  verified: '已审核',
  returned: '已退回',
};

export function statusLabelZh(status: string): string {
  return STATUS_ZH[status] ?? status;
}

/** `2011Q3` → `2011年第3季度`. */
export function quarterLabelZh(period: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  return m ? `${m[1]}年第${m[2]}季度` : period;
}
