import { describe, expect, it } from 'vitest';
import {
  addDays,
  defaultSubmissionDeadline,
  median,
  timelinessOf,
  warningLevel,
} from '../../server/domain/supervision';

const T = { blueDays: 7, yellowDays: 3 };

describe('submission deadlines and timeliness', () => {
  it.each([
    ['2011Q1', '2011-04-10'],
    ['2011Q2', '2011-07-10'],
    ['2011Q3', '2011-10-10'],
    ['2011Q4', '2012-01-10'],
  ])('%s is due on %s by default (10th day after the quarter ends)', (q, d) =>
    expect(defaultSubmissionDeadline(q)).toBe(d),
  );
  it('tells on time, late, missing and not yet due', () => {
    const deadline = '2011-10-10';
    expect(timelinessOf({ submittedOn: '2011-10-10', onTime: null, deadline, today: '2012-01-01' })).toBe('onTime');
    expect(timelinessOf({ submittedOn: '2011-10-11', onTime: null, deadline, today: '2012-01-01' })).toBe('late');
    expect(timelinessOf({ submittedOn: '2011-10-11', onTime: true, deadline, today: '2012-01-01' })).toBe('onTime');
    expect(timelinessOf({ submittedOn: null, onTime: null, deadline, today: '2011-10-11' })).toBe('missing');
    expect(timelinessOf({ submittedOn: null, onTime: null, deadline, today: '2011-10-10' })).toBe('notDue');
  });
});

describe('warning colours', () => {
  it.each([
    ['2011-10-20', null],
    ['2011-10-18', null],
    ['2011-10-17', 'blue'],
    ['2011-10-14', 'blue'],
    ['2011-10-13', 'yellow'],
    ['2011-10-10', 'yellow'],
    ['2011-10-09', 'red'],
  ])('deadline %s on 2011-10-10 is %s', (deadline, level) =>
    expect(warningLevel(deadline, '2011-10-10', T)).toBe(level),
  );
  it('follows the thresholds and has no colour without a deadline', () => {
    expect(warningLevel(addDays('2011-10-10', 10), '2011-10-10', { blueDays: 14, yellowDays: 5 })).toBe('blue');
    expect(warningLevel(addDays('2011-10-10', 5), '2011-10-10', { blueDays: 14, yellowDays: 5 })).toBe('yellow');
    expect(warningLevel(null, '2011-10-10', T)).toBeNull();
  });
  it('takes medians', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
