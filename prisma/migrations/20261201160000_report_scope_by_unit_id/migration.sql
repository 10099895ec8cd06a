-- Issue 16: a unit's report texts and figures are keyed by its id ('unit:<id>'), never by its code, so that a
-- unit coded 'city' cannot write the city's report. Rows keyed by a unit code move to the unit's id.
UPDATE "ReportText" t SET scope = 'unit:' || u.id FROM "Unit" u WHERE t.scope = u.code AND t.scope <> 'city';
UPDATE "ReportFigure" f SET scope = 'unit:' || u.id FROM "Unit" u WHERE f.scope = u.code AND f.scope <> 'city';
