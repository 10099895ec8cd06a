import zlib from 'node:zlib';
import JSZip from 'jszip';

/**
 * Raw DEFLATE data expanding to `head` followed by `megabytes` MiB of spaces, built in milliseconds: after a full
 * flush the compressor starts afresh, so one compressed MiB of spaces can be repeated as often as wanted.
 */
async function bombDeflate(head: string, megabytes: number): Promise<Buffer> {
  const d = zlib.createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  d.on('data', (c: Buffer) => parts.push(c));
  const flush = () => new Promise<void>((resolve) => d.flush(zlib.constants.Z_FULL_FLUSH, () => resolve()));
  d.write(head);
  await flush();
  const first = Buffer.concat(parts.splice(0));
  d.write(Buffer.alloc(1 << 20, 0x20));
  await flush();
  const block = Buffer.concat(parts.splice(0));
  d.end();
  await new Promise<void>((resolve) => d.on('end', () => resolve()));
  return Buffer.concat([first, ...Array<Buffer>(megabytes).fill(block), Buffer.concat(parts)]);
}

type Entry = { name: string; data: Buffer; crc: number; size: number };

/** A zip of the entries as given (deflated), with each entry's declared uncompressed size and CRC as given. */
function writeZip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/**
 * A decompression bomb made from a real workbook: every part as it was, except `sheetPath`, whose XML is
 * followed by `megabytes` MiB of spaces while the archive declares it `declaredBytes` long (23 KB by default).
 */
export async function workbookBomb(
  workbook: Buffer,
  opts: { sheetPath?: string; megabytes: number; declaredBytes?: number },
): Promise<Buffer> {
  const zip = await JSZip.loadAsync(workbook);
  const sheetPath = opts.sheetPath ?? 'xl/worksheets/sheet1.xml';
  const entries: Entry[] = [];
  for (const name of Object.keys(zip.files)) {
    const file = zip.files[name]!;
    if (file.dir) continue;
    const content = await file.async('nodebuffer');
    if (name === sheetPath) {
      const xml = content.toString('utf8');
      entries.push({
        name,
        data: await bombDeflate(xml, opts.megabytes),
        crc: zlib.crc32(xml),
        size: opts.declaredBytes ?? 23 * 1024,
      });
    } else entries.push({ name, data: zlib.deflateRawSync(content), crc: zlib.crc32(content), size: content.length });
  }
  if (!entries.some((e) => e.name === sheetPath)) throw new Error(`The workbook has no ${sheetPath}.`);
  return writeZip(entries);
}
