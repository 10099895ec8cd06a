import type { Tx } from '../../db';
import { defaultSubmissionDeadline } from '../../domain/supervision';

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A quarter's submission deadline: the administrator's, else the 10th day after the quarter ends. */
export async function submissionDeadlineOf(tx: Tx, quarter: string): Promise<string> {
  const row = await tx.period.findUnique({ where: { code: quarter }, select: { submissionDeadline: true } });
  return row?.submissionDeadline ? iso(row.submissionDeadline) : defaultSubmissionDeadline(quarter);
}
