-- Issue 17, the cold path: a quarter's city totals kept up to date by every write instead of summed over
-- the quarter's ~400,000 values on the first overview after it (services/values/maintained-totals.ts).
-- "UnitQuarterTotal" holds each unit's contribution (its counted values summed per indicator, and
-- "#deployed" when it counts as having deployed online approval); "QuarterTotal" their sums, with how
-- many units contribute to each key (a key no unit contributes to is removed, as a recomputation would
-- not have it). A quarter is maintained once its "#built" row exists; it is built on the first write
-- that touches it after this migration.
CREATE TABLE "UnitQuarterTotal" (
    "periodCode" VARCHAR(8) NOT NULL,
    "unitId" INTEGER NOT NULL,
    "totals" JSONB NOT NULL,
    CONSTRAINT "UnitQuarterTotal_pkey" PRIMARY KEY ("periodCode", "unitId")
);
CREATE TABLE "QuarterTotal" (
    "periodCode" VARCHAR(8) NOT NULL,
    "key" VARCHAR(64) NOT NULL,
    "value" DECIMAL(20,2) NOT NULL,
    "units" INTEGER NOT NULL,
    CONSTRAINT "QuarterTotal_pkey" PRIMARY KEY ("periodCode", "key")
);
ALTER TABLE "UnitQuarterTotal" ADD CONSTRAINT "UnitQuarterTotal_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
