import { evidenceOwnerInput, evidenceOwnersInput, withdrawEvidenceInput } from '../domain/inputs/evidence';
import { listEvidence, listEvidenceOfMany, withdrawEvidence } from '../services/evidence/evidence-files';
import { businessProcedure, entryProcedure, router } from '../trpc/init';

/** Evidence files (佐证材料): listed and withdrawn here; uploaded and served by /api/evidence (streams). */
export const evidenceRouter = router({
  list: businessProcedure.input(evidenceOwnerInput).query(({ ctx, input }) => listEvidence(ctx.db, ctx.actor, input)),
  /** The files of up to 200 records of one kind in one call (a page's claims): [{ ownerId, files }]. */
  listMany: businessProcedure
    .input(evidenceOwnersInput)
    .query(({ ctx, input }) => listEvidenceOfMany(ctx.db, ctx.actor, input)),
  withdraw: entryProcedure
    .input(withdrawEvidenceInput)
    .mutation(({ ctx, input }) => withdrawEvidence(ctx.db, ctx.actor, { id: input.id, now: ctx.now() })),
});
