/** Reading an uploaded values template (`unit,period,indicator,value`, as `import values` takes) into form values. Pure. */

/** RFC 4180 CSV (quotes, doubled quotes, CRLF); a leading BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** `text` is the header, an unknown code, or the indicator's code (shown by its name); `value` the refused cell. */
export type TemplateProblem = {
  row: number;
  kind: 'header' | 'indicator' | 'value' | 'duplicate';
  text: string;
  value?: string;
};

export type TemplateRead = {
  values: Record<string, number>;
  /** Rows of other units or quarters, left alone. */
  ignored: number;
  problems: TemplateProblem[];
};

/** Picks this unit's and quarter's rows out of a table; row numbers count the header as row 1. */
export function valuesFromTable(
  table: string[][],
  target: { unit: string; period: string; indicators: readonly string[] },
): TemplateRead {
  const [header, ...rows] = table;
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const col = {
    unit: names.indexOf('unit'),
    period: names.indexOf('period'),
    indicator: names.indexOf('indicator'),
    value: names.indexOf('value'),
  };
  if (col.indicator < 0 || col.value < 0)
    return { values: {}, ignored: 0, problems: [{ row: 1, kind: 'header', text: names.join(',') }] };
  const known = new Set(target.indicators);
  const values: Record<string, number> = {};
  const problems: TemplateProblem[] = [];
  let ignored = 0;
  rows.forEach((cells, i) => {
    const row = i + 2;
    const unit = col.unit >= 0 ? (cells[col.unit] ?? '').trim() : target.unit;
    const period = col.period >= 0 ? (cells[col.period] ?? '').trim() : target.period;
    if (unit !== target.unit || period !== target.period) {
      ignored++;
      return;
    }
    const code = (cells[col.indicator] ?? '').trim();
    const raw = (cells[col.value] ?? '').trim();
    if (!known.has(code)) {
      problems.push({ row, kind: 'indicator', text: code });
      return;
    }
    if (raw === '') return;
    if (!/^\d+(\.0+)?$/.test(raw)) {
      problems.push({ row, kind: 'value', text: code, value: raw });
      return;
    }
    if (values[code] !== undefined) {
      problems.push({ row, kind: 'duplicate', text: code });
      return;
    }
    values[code] = Number(raw);
  });
  return { values, ignored, problems };
}

/** A CSV template of the form: every indicator of the catalogue with the current value (blank when none). */
export function templateCsv(
  target: { unit: string; period: string },
  indicators: readonly string[],
  texts: Readonly<Record<string, string>>,
): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [
    'unit,period,indicator,value',
    ...indicators.map((code) => [target.unit, target.period, code, (texts[code] ?? '').trim()].map(quote).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
