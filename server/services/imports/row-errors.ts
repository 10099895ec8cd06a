import { AppError } from '../../errors';

/** Collects `row N: …` problems (N counts the header as row 1) and refuses the whole file if any. */
export class RowErrors {
  readonly list: string[] = [];
  add(row: number, message: string): void {
    this.list.push(`row ${row}: ${message}`);
  }
  throwIfAny(what: string): void {
    if (this.list.length === 0) return;
    const sorted = [...this.list].sort((a, b) => rowNo(a) - rowNo(b));
    throw new AppError(
      'BAD_REQUEST',
      `The ${what} file has ${sorted.length} problem${sorted.length > 1 ? 's' : ''}; nothing was imported.`,
      {
        rowErrors: sorted,
      },
    );
  }
}

function rowNo(s: string): number {
  return Number(/^row (\d+)/.exec(s)?.[1] ?? 0);
}
