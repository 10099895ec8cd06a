import {
  renderServerMessage,
  type ServerMessage,
  type ServerMessageKey,
  type ServerMessageParams,
} from '../../domain/server-messages';
import { AppError } from '../../errors';

/** One row's problem as data: the row (the header is row 1) and the catalogue sentence (server-messages.ts). */
export type RowMessage = { row: number; key: ServerMessageKey; params: ServerMessageParams };

/** A row's problem as the `row N: …` line of the CLI and of `details.rowErrors` (English). */
export function rowLine(m: RowMessage): string {
  return `row ${m.row}: ${renderServerMessage(m.key, m.params, 'en')}`;
}

/**
 * The details of a refused file: `rowErrors`, the English `row N: …` lines, and `rowMessages`, the same problems
 * as keys and parameters for the web client to show in the reader's language.
 */
export function rowDetails(list: readonly RowMessage[]): { rowErrors: string[]; rowMessages: RowMessage[] } {
  return { rowErrors: list.map(rowLine), rowMessages: [...list] };
}

/** Collects row problems (N counts the header as row 1) and refuses the whole file if any. */
export class RowErrors {
  readonly list: RowMessage[] = [];
  add(row: number, message: ServerMessage): void {
    this.list.push({ row, key: message.key, params: message.params ?? {} });
  }
  throwIfAny(what: string): void {
    if (this.list.length === 0) return;
    const sorted = [...this.list].sort((a, b) => a.row - b.row);
    throw new AppError(
      'BAD_REQUEST',
      sorted.length > 1 ? 'imports.fileHasProblems' : 'imports.fileHasProblem',
      { what, count: sorted.length },
      rowDetails(sorted),
    );
  }
}
