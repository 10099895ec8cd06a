/**
 * Decoding an uploaded text (CSV) file. Chinese offices save CSV from Excel on Windows in GBK ("CSV (逗号分隔)"),
 * from WPS or Excel's "CSV UTF-8" in UTF-8 with a BOM, and from LibreOffice or scripts in UTF-8 without one.
 * The encoding is found by validity, not guessed from letter frequencies: a BOM decides; otherwise a file that is
 * valid UTF-8 is UTF-8, else one valid in GB18030 (a superset of GBK and GB2312) is GB18030. Decoding is strict
 * (WHATWG TextDecoder with `fatal`), so no replacement character (U+FFFD) ever reaches what is stored.
 * Pure: TextDecoder is a global of Node and of browsers alike.
 */

export type TextEncodingName = 'UTF-8' | 'GB18030';

export type DecodedText =
  | { ok: true; text: string; encoding: TextEncodingName }
  | {
      ok: false;
      /** Why the file was refused. */
      reason:
        | 'invalid' // a BOM or the bytes chose `encoding`, and row `row` is not valid in it
        | 'neither' // valid in neither UTF-8 (first bad row `row`) nor GB18030 (first bad row `gbRow`)
        | 'utf16' // a UTF-16 BOM: Excel's "Unicode text", not CSV
        | 'replacement'; // the file already holds U+FFFD (garbled before it got here) on row `row`
      encoding: TextEncodingName | 'UTF-16';
      row: number;
      gbRow?: number;
    };

const REPLACEMENT = '\uFFFD';

/** The 1-based line of the first replacement character in `text`, or 0. */
function rowOfReplacement(text: string): number {
  const at = text.indexOf(REPLACEMENT);
  if (at < 0) return 0;
  let row = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) row++;
  return row;
}

/** Strict decoding, or the line of the first byte that is not valid in the encoding. */
function decodeStrict(bytes: Uint8Array, label: 'utf-8' | 'gb18030'): { text: string } | { row: number } {
  try {
    return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    // Both decoders keep ASCII (and so line feeds) in place after an invalid byte, so the lenient decoding's first
    // replacement character sits on the line of the first invalid byte.
    const lenient = new TextDecoder(label, { ignoreBOM: true }).decode(bytes);
    return { row: Math.max(1, rowOfReplacement(lenient)) };
  }
}

function accepted(text: string, encoding: TextEncodingName): DecodedText {
  const row = rowOfReplacement(text);
  return row ? { ok: false, reason: 'replacement', encoding, row } : { ok: true, text, encoding };
}

/** Decodes the bytes of a CSV file (see the module note). The BOM is not part of the text. */
export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const res = decodeStrict(bytes.subarray(3), 'utf-8');
    return 'text' in res
      ? accepted(res.text, 'UTF-8')
      : { ok: false, reason: 'invalid', encoding: 'UTF-8', row: res.row };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, reason: 'utf16', encoding: 'UTF-16', row: 1 };
  const utf8 = decodeStrict(bytes, 'utf-8');
  if ('text' in utf8) return accepted(utf8.text, 'UTF-8');
  const gb = decodeStrict(bytes, 'gb18030');
  if ('text' in gb) return accepted(gb.text, 'GB18030');
  return { ok: false, reason: 'neither', encoding: 'GB18030', row: utf8.row, gbRow: gb.row };
}
