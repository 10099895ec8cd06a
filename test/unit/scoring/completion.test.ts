import { describe, expect, it } from 'vitest';
import { completionRates } from '../../helpers/scoring-oracle.ts';
import { makeFinding, makeUnit } from './factories.ts';

describe('completionRates', () => {
  it('counts approval rollout over grassroots units only, by the value at the period end', () => {
    const units = [
      makeUnit({ unitId: 1, values: { 'approval.deployed': 1 } }),
      makeUnit({ unitId: 2, values: { 'approval.deployed': 1 } }),
      makeUnit({ unitId: 3, values: { 'approval.deployed': 0 } }),
      makeUnit({ unitId: 4, submitted: false, values: {} }),
      makeUnit({ unitId: 5, group: 'organs', values: { 'approval.deployed': 1 } }),
    ];
    const rates = completionRates(units, { period: '2011', today: '2012-03-31' });
    expect(rates.approvalRollout).toEqual({ done: 2, total: 4 });
    expect(rates.submission).toEqual({ done: 4, total: 5 });
  });

  it('matches the 2011 report: 24 of 36 grassroots units deployed', () => {
    const units = Array.from({ length: 36 }, (_, i) =>
      makeUnit({ unitId: i, values: { 'approval.deployed': i < 24 ? 1 : 0 } }),
    );
    expect(completionRates(units, { period: '2011', today: '2012-03-31' }).approvalRollout).toEqual({
      done: 24,
      total: 36,
    });
  });

  it('counts rectification over findings whose deadline in the period has passed', () => {
    const findings = [
      makeFinding({ id: 1, deadline: '2011-05-15', rectifiedAt: '2011-05-10' }), // on time
      makeFinding({ id: 2, deadline: '2011-05-15', rectifiedAt: '2011-05-15' }), // on the deadline: on time
      makeFinding({ id: 3, deadline: '2011-05-15', rectifiedAt: '2011-05-16' }), // late
      makeFinding({ id: 4, deadline: '2011-05-15', rectifiedAt: null }), // open, overdue
      makeFinding({ id: 5, deadline: '2011-06-30', rectifiedAt: null }), // deadline not passed
      makeFinding({ id: 6, deadline: '2011-06-30', rectifiedAt: '2011-06-01' }), // rectified, deadline not passed
      makeFinding({ id: 7, deadline: '2011-03-01', rectifiedAt: null }), // deadline in another quarter
      makeFinding({ id: 8, deadline: null }), // no deadline
    ];
    const units = [
      makeUnit({ unitId: 1, findings: findings.slice(0, 4) }),
      makeUnit({ unitId: 2, group: 'organs', findings: findings.slice(4) }),
    ];
    expect(completionRates(units, { period: '2011Q2', today: '2011-06-20' }).rectification).toEqual({
      done: 2,
      total: 4,
    });
    expect(completionRates(units, { period: '2011', today: '2012-01-01' }).rectification).toEqual({
      done: 3,
      total: 7,
    });
  });

  it('gives zero totals for no units', () => {
    expect(completionRates([], { period: '2011Q1', today: '2011-12-31' })).toEqual({
      approvalRollout: { done: 0, total: 0 },
      submission: { done: 0, total: 0 },
      rectification: { done: 0, total: 0 },
    });
  });

  it('refuses a bad period or date', () => {
    expect(() => completionRates([], { period: '2011Q0', today: '2011-12-31' })).toThrow('invalid period 2011Q0');
    expect(() => completionRates([], { period: '2011', today: '2011-13-01' })).toThrow('invalid date 2011-13-01');
  });
});
