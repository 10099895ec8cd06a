/** Builders for the scoring tests: small plain objects, fresh on every call. */
import type { CommendationInput, FindingInput, UnitInput, Values } from '../../../server/domain/scoring/evaluate.ts';

export const QUARTER = '2011Q2';
export const YEAR = '2011';
/** Long after 2011: every 2011 deadline has passed. */
export const LATE_TODAY = '2012-03-31';

export function makeUnit(overrides: Partial<UnitInput> = {}): UnitInput {
  return {
    unitId: 1,
    unitCode: 'G01',
    group: 'grassroots',
    submitted: true,
    values: {},
    findings: [],
    commendations: [],
    ...overrides,
  };
}

export function makeFinding(overrides: Partial<FindingInput> = {}): FindingInput {
  return {
    id: 1,
    quarter: QUARTER,
    severity: 'minor',
    deduction: 0,
    description: '公开栏目更新不及时',
    deadline: null,
    rectifiedAt: null,
    ...overrides,
  };
}

export function makeCommendation(overrides: Partial<CommendationInput> = {}): CommendationInput {
  return { id: 1, quarter: QUARTER, points: 1, reason: '经验做法被上级转发', ...overrides };
}

/**
 * Values that earn every rule of the default scheme in full, in a quarter or a year,
 * for either group: 100 items, all electronic, every request answered, approval
 * deployed, every case on time, 2 trained, no appeals.
 */
export function fullMarksValues(): Values {
  return {
    'pub.news': 60,
    'pub.regulations': 40,
    'pub.electronic': 100,
    'req.online': 4,
    'reply.granted': 4,
    'approval.deployed': 1,
    'approval.cases': 10,
    'approval.cases_ontime': 10,
    'training.attendees': 2,
  };
}
