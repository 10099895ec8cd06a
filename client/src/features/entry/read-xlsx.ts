/** The first worksheet of an .xlsx file as rows of text (shared and inline strings, numbers). Loaded only on upload. */
import JSZip from 'jszip';

function colIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export async function readXlsx(data: ArrayBuffer): Promise<string[][]> {
  const zip = await JSZip.loadAsync(data);
  const parser = new DOMParser();
  const xml = async (path: string) => {
    const file = zip.file(path);
    return file ? parser.parseFromString(await file.async('string'), 'application/xml') : null;
  };
  const shared: string[] = [];
  const sst = await xml('xl/sharedStrings.xml');
  if (sst)
    for (const si of Array.from(sst.getElementsByTagName('si')))
      shared.push(
        Array.from(si.getElementsByTagName('t'))
          .map((t) => t.textContent ?? '')
          .join(''),
      );
  const sheetPath = Object.keys(zip.files)
    .filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))
    .sort()[0];
  if (!sheetPath) throw new Error('no worksheet');
  const sheet = await xml(sheetPath);
  if (!sheet) throw new Error('no worksheet');
  const rows: string[][] = [];
  for (const r of Array.from(sheet.getElementsByTagName('row'))) {
    const cells: string[] = [];
    for (const c of Array.from(r.getElementsByTagName('c'))) {
      const type = c.getAttribute('t');
      let text = '';
      if (type === 's') text = shared[Number(c.getElementsByTagName('v')[0]?.textContent ?? -1)] ?? '';
      else if (type === 'inlineStr')
        text = Array.from(c.getElementsByTagName('t'))
          .map((t) => t.textContent ?? '')
          .join('');
      else text = c.getElementsByTagName('v')[0]?.textContent ?? '';
      cells[colIndex(c.getAttribute('r') ?? '')] = text;
    }
    rows.push(Array.from(cells, (x) => x ?? ''));
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}
