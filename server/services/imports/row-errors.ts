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
      sorted.length > 1 ? 'imports.fileHasProblems' : 'imports.fileHasProblem',
      { what, count: sorted.length },
      { rowErrors: sorted },
    );
  }
}

function rowNo(s: string): number {
  return Number(/^row (\d+)/.exec(s)?.[1] ?? 0);
}
