import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../../server/domain/catalogue';
import { checkQuarterValues, type ValueContext } from '../../../server/domain/validation/values';

const T01: ValueContext = { unit: 'T01', period: '2011Q3', group: 'grassroots' };
const D01: ValueContext = { unit: 'D01', period: '2011Q3', group: 'organs' };
const check = (values: Record<string, number>, ctx = T01) => checkQuarterValues(values, DEFAULT_CATALOGUE, ctx);
const messages = (values: Record<string, number>, ctx = T01) => check(values, ctx).errors.map((e) => e.message);

describe('checkQuarterValues', () => {
  it.each([
    ['an empty quarter', {}],
    [
      'whole numbers within bounds',
      { 'pub.news': 10, 'pub.electronic': 10, 'approval.deployed': 1, 'approval.cases': 5, 'approval.cases_ontime': 5 },
    ],
    ['zero everywhere', Object.fromEntries(DEFAULT_CATALOGUE.map((d) => [d.code, 0]))],
    ['a sub-count equal to its total', { 'pub.overview': 2, 'pub.other': 3, 'pub.electronic': 5 }],
  ])('accepts %s', (_name, values) => {
    expect(check(values).errors).toEqual([]);
  });

  it.each([
    ['a negative count', { 'pub.news': -1 }, 'T01 2011Q3: pub.news = -1 is below the minimum 0'],
    ['a fraction', { 'req.fax': 0.5 }, 'T01 2011Q3: req.fax must be a whole number, got 0.5'],
    ['not a number', { 'req.fax': Number.NaN }, 'T01 2011Q3: req.fax must be a whole number, got NaN'],
    ['an unknown indicator', { 'pub.gossip': 1 }, 'T01 2011Q3: unknown indicator pub.gossip'],
    [
      'approval.deployed above 1',
      { 'approval.deployed': 2 },
      'T01 2011Q3: approval.deployed = 2 is above the maximum 1',
    ],
    [
      'an absurdly large count',
      { 'consult.page_views': 3_000_000_000 },
      'T01 2011Q3: consult.page_views = 3000000000 is too large',
    ],
    [
      'on-time cases above cases',
      { 'approval.cases': 4, 'approval.cases_ontime': 5 },
      'T01 2011Q3: approval.cases_ontime = 5 is above approval.cases = 4',
    ],
    [
      'published items above the four item kinds',
      { 'approval.items_licensing': 1, 'approval.items_transfer': 1, 'approval.items_published': 3 },
      'T01 2011Q3: approval.items_published = 3 is above the sum of approval.items_licensing, ' +
        'approval.items_nonlicensing, approval.items_services, approval.items_transfer = 2',
    ],
    [
      'electronic items above the nine categories',
      { 'pub.news': 4, 'pub.electronic': 5 },
      'T01 2011Q3: pub.electronic = 5 is above the sum of pub.overview, pub.plans, pub.regulations, pub.news, ' +
        'pub.personnel, pub.finance, pub.services, pub.annual_reports, pub.other = 4',
    ],
  ])('refuses %s, naming unit, period and figures', (_name, values, message) => {
    expect(messages(values)).toEqual([message]);
  });

  it('refuses a grassroots-only indicator for an organ unless it is 0', () => {
    expect(messages({ 'approval.deployed': 1 }, D01)).toEqual([
      'D01 2011Q3: approval.deployed applies only to grassroots units, got 1',
    ]);
    expect(messages({ 'approval.deployed': 0 }, D01)).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(messages({ 'pub.news': -1, 'req.fax': 0.5, 'pub.gossip': 1 })).toHaveLength(3);
  });

  it('warns, without refusing, when replies exceed requests', () => {
    const res = check({ 'req.online': 1, 'reply.granted': 1, 'reply.refused': 1 });
    expect(res.errors).toEqual([]);
    expect(res.warnings).toEqual([
      {
        indicator: 'reply.total',
        message:
          'T01 2011Q3: replies (2) exceed requests (1); only requests carried over from earlier can explain this',
        key: 'values.repliesExceed',
        params: { unit: 'T01', period: '2011Q3', replies: 2, requests: 1 },
      },
    ]);
    expect(check({ 'req.online': 2, 'reply.granted': 2 }).warnings).toEqual([]);
  });
});
