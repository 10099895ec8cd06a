import { describe, expect, it } from 'vitest';
import { AUDIT_DIFF_LIMIT, auditDiff } from '../../server/domain/audit-diff';
import { DEFAULT_SCHEME } from '../../server/domain/scoring/default-scheme';

const rows = (before: unknown, after: unknown, entity = 'x', action = 'x.y') =>
  auditDiff({ entity, action, before, after }).rows.map((r) => [r.path, r.before, r.after]);

describe('audit entries as labelled changes', () => {
  it('keeps only the fields that differ, with nested objects as dotted paths', () => {
    expect(
      rows(
        { role: 'unit', disabled: false, unitId: 3, claim: { status: 'pending', note: '已整改' } },
        { role: 'inspector', disabled: false, unitId: null, claim: { status: 'confirmed', note: '已整改' } },
      ),
    ).toEqual([
      ['role', 'unit', 'inspector'],
      ['unitId', 3, null],
      ['claim.status', 'pending', 'confirmed'],
    ]);
    expect(auditDiff({ entity: 'user', action: 'user.update', before: { a: 1 }, after: { a: 1 } })).toEqual({
      rows: [],
      more: 0,
    });
  });

  it('shows added and removed fields against nothing, and a created record field by field', () => {
    expect(rows({ locked: false, published: false }, { locked: true, published: false, version: 1 })).toEqual([
      ['locked', false, true],
      ['version', null, 1],
    ]);
    expect(rows({ email: 'a@b.cn', old: 'x' }, { email: 'a@b.cn' })).toEqual([['old', 'x', null]]);
    // Absent, null and empty are the same nothing: a reason that stays empty is no change.
    expect(rows({ locked: false }, { locked: true, reason: null })).toEqual([['locked', false, true]]);
    expect(rows(null, { unit: 'T01', period: '2011Q4', points: 2 }, 'commendation', 'commendation.create')).toEqual([
      ['unit', null, 'T01'],
      ['period', null, '2011Q4'],
      ['points', null, 2],
    ]);
    expect(rows({ value: 7 }, { value: 14 })).toEqual([['value', 7, 14]]);
  });

  it('matches a scheme’s rules by code and its bands by grade, not by position; values by indicator code', () => {
    const before = structuredClone(DEFAULT_SCHEME);
    const after = structuredClone(DEFAULT_SCHEME);
    const [first, ...others] = after.rules;
    // The first rule moves to the end with new points, a band moves, a target changes, a rule is removed.
    after.rules = [...others.slice(0, -1), { ...first!, points: first!.points + 5 }];
    const removed = others[others.length - 1]!;
    after.grades = [...after.grades].reverse().map((g) => (g.grade === 'good' ? { ...g, min: g.min + 1 } : g));
    after.targets['pub.total']!.grassroots = 90;
    const diff = auditDiff({ entity: 'scheme', action: 'scheme.set', before, after });
    const paths = diff.rows.map((r) => r.path);
    expect(paths).toContain(`targets[pub.total].grassroots`);
    expect(paths).toContain(`rules[${first!.code}].points`);
    expect(paths).toContain(`grades[good].min`);
    expect(paths.filter((p) => p.startsWith(`rules[${removed.code}].`)).length).toBeGreaterThan(3);
    expect(paths.some((p) => /\[\d+\]/.test(p))).toBe(false);
    const points = diff.rows.find((r) => r.path === `rules[${first!.code}].points`)!;
    expect(points).toMatchObject({ before: first!.points, after: first!.points + 5 });
    expect(points.segments).toEqual([
      { kind: 'field', name: 'rules' },
      { kind: 'rule', code: first!.code },
      { kind: 'field', name: 'points' },
    ]);
    expect(diff.rows.find((r) => r.path === 'targets[pub.total].grassroots')!.segments[1]).toEqual({
      kind: 'indicator',
      code: 'pub.total',
    });
    expect(diff.rows.find((r) => r.path === `rules[${removed.code}].points`)).toMatchObject({
      before: removed.points,
      after: null,
    });

    const entry = rows(
      { status: 'draft', version: 2, values: { 'pub.overview': 5, 'pub.plans': 3 } },
      { status: 'submitted', version: 3, values: { 'pub.overview': 5, 'pub.plans': 4, 'req.total': 1 } },
      'submission',
      'values.submit',
    );
    expect(entry).toEqual([
      ['status', 'draft', 'submitted'],
      ['version', 2, 3],
      ['values[pub.plans]', 3, 4],
      ['values[req.total]', null, 1],
    ]);
  });

  it('takes a list of plain values as one value, and other lists by position', () => {
    expect(rows({ groups: ['grassroots'] }, { groups: ['grassroots', 'organs'] })).toEqual([
      ['groups', ['grassroots'], ['grassroots', 'organs']],
    ]);
    expect(rows({ groups: ['organs'] }, { groups: ['organs'] })).toEqual([]);
    expect(rows({ list: [{ a: 1 }, { a: 2 }] }, { list: [{ a: 1 }, { a: 3 }, { a: 4 }] })).toEqual([
      ['list[1].a', 2, 3],
      ['list[2].a', null, 4],
    ]);
  });

  it('caps a long change at the limit and counts the rest', () => {
    const before = { values: Object.fromEntries(Array.from({ length: 80 }, (_, n) => [`x.v${n}`, n])) };
    const after = { values: Object.fromEntries(Array.from({ length: 80 }, (_, n) => [`x.v${n}`, n + 1])) };
    const diff = auditDiff({ entity: 'submission', action: 'values.save_draft', before, after });
    expect(diff.rows).toHaveLength(AUDIT_DIFF_LIMIT);
    expect(diff.more).toBe(80 - AUDIT_DIFF_LIMIT);
    expect(diff.rows[0]?.path).toBe('values[x.v0]');
    expect(auditDiff({ entity: 'submission', action: 'values.save_draft', before, after }, 100).more).toBe(0);
  });
});
