import { z } from 'zod';
import { listEvidence, listEvidenceOfMany, withdrawEvidence } from '../services/evidence/evidence-files';
import { businessProcedure, entryProcedure, router } from '../trpc/init';

const owner = z.object({ ownerKind: z.string().min(1).max(16), ownerId: z.number().int().positive() });

/** Evidence files (佐证材料): listed and withdrawn here; uploaded and served by /api/evidence (streams). */
export const evidenceRouter = router({
  list: businessProcedure.input(owner).query(({ ctx, input }) => listEvidence(ctx.db, ctx.actor, input)),
  /** The files of up to 200 records of one kind in one call (a page's claims): [{ ownerId, files }]. */
  listMany: businessProcedure
    .input(
      z.object({
        ownerKind: z.string().min(1).max(16),
        ownerIds: z.array(z.number().int().positive()).min(1).max(200),
      }),
    )
    .query(({ ctx, input }) => listEvidenceOfMany(ctx.db, ctx.actor, input)),
  withdraw: entryProcedure
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) => withdrawEvidence(tx, ctx.actor, { id: input.id, now: ctx.now() })),
    ),
});
