import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../../server/domain/catalogue.ts';
import { DEFAULT_SCHEME } from '../../../server/domain/scoring/default-scheme.ts';
import { evaluateUnit } from '../../../server/domain/scoring/evaluate.ts';
import {
  aggregatePeriod,
  indicatorKinds,
  type QuarterValues,
  withDerivedTotals,
} from '../../helpers/scoring-oracle.ts';
import { LATE_TODAY, makeUnit } from './factories.ts';

const KINDS = indicatorKinds(DEFAULT_CATALOGUE);

describe('indicatorKinds', () => {
  it('reads flow or stock from the catalogue', () => {
    expect(KINDS['training.attendees']).toBe('flow');
    expect(KINDS['approval.deployed']).toBe('stock');
    expect(KINDS['approval.items_published']).toBe('stock');
    expect(KINDS['approval.cases']).toBe('flow');
    expect(Object.keys(KINDS)).toHaveLength(DEFAULT_CATALOGUE.length);
  });
});

describe('aggregatePeriod', () => {
  it.each([
    // indicator, values by quarter (absent = no value that quarter), year value
    ['training.attendees (flow: summed)', 'training.attendees', [1, 0, 2, 1], 4],
    ['pub.news (flow, two quarters missing)', 'pub.news', [5, undefined, 7, undefined], 12],
    ['approval.deployed (stock: last quarter)', 'approval.deployed', [0, 1, 1, 1], 1],
    ['approval.deployed (stock: undeployed again in Q4)', 'approval.deployed', [1, 1, 1, 0], 0],
    ['approval.deployed (stock: last quarter that has one)', 'approval.deployed', [0, 1, undefined, undefined], 1],
    ['approval.items_licensing (stock)', 'approval.items_licensing', [120, 130, 126, 140], 140],
    ['approval.cases (flow)', 'approval.cases', [10, 20, 30, 40], 100],
  ])('%s', (_, code, byQuarter, expected) => {
    const quarters = byQuarter.map((value, i) => ({
      quarter: `2011Q${i + 1}`,
      values: value === undefined ? {} : { [code]: value },
    }));
    expect(aggregatePeriod(quarters, KINDS)[code]).toBe(expected);
  });

  it('takes the last quarter by its code, not by the order given', () => {
    const quarters = [
      { quarter: '2011Q4', values: { 'approval.deployed': 1 } },
      { quarter: '2011Q1', values: { 'approval.deployed': 0 } },
      { quarter: '2011Q3', values: { 'approval.deployed': 0 } },
    ];
    expect(aggregatePeriod(quarters, KINDS)['approval.deployed']).toBe(1);
  });

  it('leaves out indicators no quarter has, and sums codes the catalogue does not know', () => {
    const year = aggregatePeriod(
      [
        { quarter: '2011Q1', values: { 'custom.count': 2 } },
        { quarter: '2011Q2', values: { 'custom.count': 3 } },
      ],
      KINDS,
    );
    expect(year).toEqual({ 'custom.count': 5 });
  });

  it('returns nothing for no quarters', () => {
    expect(aggregatePeriod([], KINDS)).toEqual({});
  });

  it('does not change its inputs', () => {
    const quarters = [
      { quarter: '2011Q2', values: { 'pub.news': 1 } },
      { quarter: '2011Q1', values: { 'pub.news': 2 } },
    ];
    const before = structuredClone(quarters);
    aggregatePeriod(quarters, KINDS);
    expect(quarters).toEqual(before);
  });

  it('feeds a year evaluation: approval.deployed of the last quarter, training summed', () => {
    const quarters: QuarterValues[] = [
      { quarter: '2011Q1', values: { 'approval.deployed': 1, 'training.attendees': 1, 'pub.news': 30 } },
      { quarter: '2011Q2', values: { 'approval.deployed': 1, 'pub.news': 20 } },
      { quarter: '2011Q3', values: { 'approval.deployed': 1 } },
      { quarter: '2011Q4', values: { 'approval.deployed': 0, 'training.attendees': 1, 'pub.news': 10 } },
    ];
    const score = evaluateUnit(DEFAULT_SCHEME, makeUnit({ values: aggregatePeriod(quarters, KINDS) }), {
      period: '2011',
      today: LATE_TODAY,
    });
    expect(score.rules).toMatchObject({
      approval_rollout: 0, // undeployed at the year's end
      training: 10, // 2 of 2
      disclosure_volume: 22.5, // 30 × 60 / 80
    });
  });
});

describe('withDerivedTotals', () => {
  it('adds the four totals from their parts', () => {
    const values = {
      'pub.overview': 1,
      'pub.plans': 2,
      'pub.regulations': 3,
      'pub.news': 4,
      'pub.personnel': 5,
      'pub.finance': 6,
      'pub.services': 7,
      'pub.annual_reports': 8,
      'pub.other': 9,
      'pub.electronic': 40, // not a category
      'req.in_person': 1,
      'req.fax': 1,
      'req.email': 1,
      'req.online': 1,
      'req.letter': 1,
      'req.other': 1,
      'reply.granted': 3,
      'reply.partial': 2,
      'reply.refused': 1,
      'appeal.review': 1,
      'appeal.litigation': 1,
      'appeal.complaint': 1,
    };
    expect(withDerivedTotals(values)).toEqual({
      ...values,
      'pub.total': 45,
      'req.total': 6,
      'reply.total': 6,
      'appeal.total': 3,
    });
  });

  it('gives 0 totals for no values and replaces a stale total', () => {
    expect(withDerivedTotals({ 'pub.total': 99 })).toEqual({
      'pub.total': 0,
      'req.total': 0,
      'reply.total': 0,
      'appeal.total': 0,
    });
  });
});
