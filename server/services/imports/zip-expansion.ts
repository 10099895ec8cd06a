import zlib from 'node:zlib';
import type { ServerMessageKey } from '../../domain/server-messages';
import { AppError } from '../../errors';

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

type ZipEntry = { name: string; method: number; dataStart: number; compressedSize: number };

/** The entries of a zip, from its central directory, each with where its compressed bytes start in the file. */
function zipEntries(buf: Buffer, unreadable: ServerMessageKey): ZipEntry[] {
  const bad = (why: string) => new AppError('BAD_REQUEST', unreadable, { why });
  // End of central directory: 22 bytes plus a comment of up to 65535 bytes at the end of the file.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw bad('ZIP64 archives are not accepted');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw bad('damaged central directory');
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw bad(`damaged entry ${name}`);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataStart + compressedSize > buf.length) throw bad(`entry ${name} runs past the end of the file`);
    entries.push({ name, method, dataStart, compressedSize });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates `data` only to count its bytes (nothing is kept) and stops as soon as the count passes `budget`.
 * Returns the count, or budget + 1 when it was passed.
 */
function inflatedSize(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let total = 0;
    let done = false;
    const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget && !done) {
        done = true;
        inflate.destroy();
        resolve(budget + 1);
      }
    });
    inflate.on('end', () => {
      if (!done) {
        done = true;
        resolve(total);
      }
    });
    inflate.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
    inflate.end(data);
  });
}

/**
 * Refuses a zip (an XLSX) whose parts would expand to more than `limit` bytes, by really inflating each part
 * with a byte counter that aborts past the limit (on the zlib thread pool, keeping nothing): the sizes the
 * archive declares are not trusted, so a small file whose sheet claims 23 KB but holds 1.5 GB is refused after
 * reading at most `limit` bytes of it.
 */
export async function assertZipExpansion(buffer: Buffer, limit: number, unreadable: ServerMessageKey): Promise<void> {
  const entries = zipEntries(buffer, unreadable);
  let expanded = 0;
  for (const e of entries) {
    const data = buffer.subarray(e.dataStart, e.dataStart + e.compressedSize);
    if (e.method === 0) expanded += data.length;
    else if (e.method === 8) {
      try {
        expanded += await inflatedSize(data, limit - expanded);
      } catch (err) {
        throw new AppError('BAD_REQUEST', unreadable, { why: `entry ${e.name}: ${(err as Error).message}` });
      }
    } else
      throw new AppError('BAD_REQUEST', unreadable, {
        why: `entry ${e.name} uses compression method ${e.method}`,
      });
    if (expanded > limit) {
      throw new AppError('PAYLOAD_TOO_LARGE', 'imports.expandsTooMuch', { limit: megabytes(limit) });
    }
  }
}
