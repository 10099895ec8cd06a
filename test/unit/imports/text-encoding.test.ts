import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../../../server/domain/text-encoding';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p)] : p)));
// 测试 in GBK.
const GBK_CESHI = [0xb2, 0xe2, 0xca, 0xd4];

describe('decodeCsvBytes', () => {
  it.each([
    ['ASCII', bytes('a,b\n1,2\n'), 'UTF-8', 'a,b\n1,2\n'],
    ['UTF-8', bytes('名,称\n'), 'UTF-8', '名,称\n'],
    ['UTF-8 with BOM (BOM dropped)', bytes([0xef, 0xbb, 0xbf], '名\n'), 'UTF-8', '名\n'],
    ['GBK', bytes('a,', GBK_CESHI, '\n'), 'GB18030', 'a,测试\n'],
    ['GB18030 four-byte', bytes([0x95, 0x32, 0x82, 0x36]), 'GB18030', '\u{20000}'],
    ['empty', bytes(), 'UTF-8', ''],
  ])('%s', (_name, input, encoding, text) => {
    expect(decodeCsvBytes(input)).toEqual({ ok: true, encoding, text });
  });

  it.each([
    ['Latin-1 on row 2', bytes('a\nCaf', [0xe9], ',x\n'), { reason: 'neither', row: 2, gbRow: 2 }],
    [
      'half a GBK character at the end of row 3',
      bytes('a\nb\n', [0xb2], '\n'),
      { reason: 'neither', row: 3, gbRow: 3 },
    ],
    [
      'UTF-8 BOM then GBK on row 2',
      bytes([0xef, 0xbb, 0xbf], 'a\n', GBK_CESHI),
      { reason: 'invalid', encoding: 'UTF-8', row: 2 },
    ],
    ['UTF-16 LE', bytes([0xff, 0xfe, 0x61, 0x00]), { reason: 'utf16', encoding: 'UTF-16' }],
    ['a stored U+FFFD on row 3', bytes('a\nb\n\uFFFD\n'), { reason: 'replacement', encoding: 'UTF-8', row: 3 }],
  ])('refuses %s', (_name, input, expected) => {
    expect(decodeCsvBytes(input)).toMatchObject({ ok: false, ...expected });
  });
});
