import { describe, expect, it } from 'vitest';
import { DEFAULT_INDICATOR_CODES } from '../../../server/domain/catalogue.ts';
import { DEFAULT_SCHEME } from '../../../server/domain/scoring/default-scheme.ts';
import {
  availablePoints,
  indicatorsOfRule,
  schemeInput,
  validateScheme,
} from '../../../server/domain/scoring/scheme.ts';
import { renderServerMessage } from '../../../server/domain/server-messages.ts';

// A mutable copy of the default scheme as plain JSON, for breaking one thing at a time.
// Loose on purpose: these tests write the JSON an administrator might, wrong types and all.
type Json = any;
function brokenScheme(breakIt: (scheme: Json) => void): unknown {
  const scheme: Json = structuredClone(DEFAULT_SCHEME);
  breakIt(scheme);
  return scheme;
}
const rule = (scheme: Json, code: string): Json => scheme.rules.find((r: Json) => r.code === code);

describe('validateScheme', () => {
  it('accepts the default scheme, as an object or as JSON text', () => {
    expect(validateScheme(DEFAULT_SCHEME, DEFAULT_INDICATOR_CODES)).toEqual({ ok: true, scheme: DEFAULT_SCHEME });
    expect(validateScheme(JSON.stringify(DEFAULT_SCHEME), DEFAULT_INDICATOR_CODES)).toEqual({
      ok: true,
      scheme: DEFAULT_SCHEME,
    });
  });

  it('accepts the indicators of a set of known codes and the derived totals', () => {
    const scheme = brokenScheme((s) => {
      rule(s, 'appeals').indicator = 'custom.complaints';
    });
    expect(validateScheme(scheme, new Set([...DEFAULT_INDICATOR_CODES, 'custom.complaints'])).ok).toBe(true);
  });

  it.each([
    [
      'an unknown indicator, naming it and the rule',
      (s: Json) => {
        rule(s, 'appeals').indicator = 'appeal.totl';
      },
      ['Rule "appeals" reads unknown indicator "appeal.totl", which is neither in the catalogue nor a derived total.'],
    ],
    [
      'an unknown numerator and denominator indicator',
      (s: Json) => {
        rule(s, 'electronic_rate').numerator = 'pub.electric';
        rule(s, 'electronic_rate').denominator = { indicator: 'pub.all' };
      },
      [
        'Rule "electronic_rate" reads unknown indicator "pub.electric", which is neither in the catalogue nor a derived total.',
        'Rule "electronic_rate" reads unknown indicator "pub.all", which is neither in the catalogue nor a derived total.',
      ],
    ],
    [
      'a duplicate rule code',
      (s: Json) => {
        rule(s, 'training').code = 'appeals';
      },
      ['Rule code "appeals" is used by more than one rule; codes must be unique.'],
    ],
    [
      'grade bands in the wrong order',
      (s: Json) => {
        s.grades = [
          { grade: 'good', min: 70 },
          { grade: 'excellent', min: 90 },
          { grade: 'pass', min: 60 },
        ];
      },
      ['Grade bands are out of order: "excellent" comes after "good"; list them excellent, good, pass.'],
    ],
    [
      'grade band minimums that do not fall',
      (s: Json) => {
        s.grades[1].min = 95;
      },
      ['Grade bands are out of order: "good" (min 95) must have a lower min than "excellent" (min 90).'],
    ],
    [
      'a grade band twice',
      (s: Json) => {
        s.grades[1].grade = 'excellent';
      },
      ['Grade band "excellent" appears more than once.'],
    ],
    [
      'an unknown grade',
      (s: Json) => {
        s.grades[0].grade = 'outstanding';
      },
      ['Grade band "outstanding" has unknown grade "outstanding"; it must be one of excellent, good, pass.'],
    ],
    [
      'negative points',
      (s: Json) => {
        rule(s, 'training').points = -5;
      },
      ['Rule "training" has points -5; it must be more than 0.'],
    ],
    [
      'zero points',
      (s: Json) => {
        rule(s, 'appeals').points = 0;
      },
      ['Rule "appeals" has points 0; it must be more than 0.'],
    ],
    [
      'an unknown target',
      (s: Json) => {
        rule(s, 'disclosure_volume').denominator = { target: 'pub.totl' };
      },
      [
        'Rule "disclosure_volume" divides by unknown target "pub.totl"; the scheme\'s targets are "pub.total", "training.attendees".',
      ],
    ],
    [
      'an unknown group',
      (s: Json) => {
        rule(s, 'training').groups = ['grassroots', 'townships'];
      },
      ['Rule "training" has unknown group "townships"; it must be one of grassroots, organs.'],
    ],
    [
      'a rule for no group',
      (s: Json) => {
        rule(s, 'training').groups = [];
      },
      ['Rule "training" has no groups; at least 1 is needed.'],
    ],
    [
      'a group listed twice',
      (s: Json) => {
        rule(s, 'training').groups = ['organs', 'organs'];
      },
      ['Rule "training" lists group "organs" twice.'],
    ],
    [
      'a group no rule applies to',
      (s: Json) => {
        for (const r of s.rules) r.groups = ['organs'];
      },
      ['No rule applies to group "grassroots"; every group needs at least one rule.'],
    ],
    [
      'negative caps and overdue point',
      (s: Json) => {
        s.deductions.cap = -1;
        s.deductions.overduePoint = -0.5;
        s.bonus.cap = -2;
      },
      [
        'The deduction cap is -1; it must be at least 0.',
        'The overdue point is -0.5; it must be at least 0.',
        'The bonus cap is -2; it must be at least 0.',
      ],
    ],
    [
      'a negative target',
      (s: Json) => {
        s.targets['pub.total'].organs = -100;
      },
      ['Target "pub.total" has organs -100; it must be at least 0.'],
    ],
    [
      'more points for a zero denominator than the rule is worth',
      (s: Json) => {
        rule(s, 'request_reply_rate').whenZero = 12;
      },
      ['Rule "request_reply_rate" awards 12 points when its denominator is 0, more than its 10 points.'],
    ],
    [
      'a non-positive perCount',
      (s: Json) => {
        rule(s, 'appeals').perCount = 0;
      },
      ['Rule "appeals" has perCount 0; it must be more than 0.'],
    ],
    [
      'an unknown rule kind',
      (s: Json) => {
        rule(s, 'appeals').kind = 'linear';
      },
      ['Rule "appeals" has unknown kind "linear"; it must be one of ratio, threshold, per_count, timeliness.'],
    ],
    [
      'a denominator that is both an indicator and a target',
      (s: Json) => {
        rule(s, 'electronic_rate').denominator = { indicator: 'pub.total', target: 'pub.total' };
      },
      [
        'Rule "electronic_rate" has an invalid denominator: it must be {"indicator": "<code>"} or {"target": "<name>"}.',
      ],
    ],
    [
      'a rule code that is no plain identifier',
      (s: Json) => {
        rule(s, 'training').code = 'Training Rate';
      },
      [
        'Rule "Training Rate" has code "Training Rate", which is not valid: use lower-case letters, digits and underscores, starting with a letter.',
      ],
    ],
    [
      'missing and mistyped fields',
      (s: Json) => {
        delete rule(s, 'request_reply_rate').whenZero;
        rule(s, 'training').points = '10';
        delete s.bonus;
      },
      [
        'Rule "request_reply_rate" is missing whenZero.',
        'Rule "training" has points of the wrong type; it must be a number.',
        'The scheme is missing bonus.',
      ],
    ],
    [
      'a rule without a code, by its position',
      (s: Json) => {
        delete s.rules[1].code;
      },
      ['Rule 2 is missing code.'],
    ],
    [
      'no rules',
      (s: Json) => {
        s.rules = [];
      },
      ['The scheme has no rules; at least 1 is needed.'],
    ],
  ])('reports %s', (_, breakIt, errors) => {
    const result = validateScheme(brokenScheme(breakIt), DEFAULT_INDICATOR_CODES);
    expect(result).toEqual({ ok: false, errors, problems: expect.any(Array) });
    // The same problems as catalogue sentences: the English is the message, the Chinese is Chinese.
    if (result.ok) return;
    expect(result.problems.map((p) => renderServerMessage(p.key, p.params, 'en'))).toEqual(errors);
    for (const p of result.problems) {
      const zh = renderServerMessage(p.key, p.params, 'zh');
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      // JSON keys and choices come in words, the key itself only in brackets beside them; what the admin wrote stays quoted.
      expect(zh.replace(/（[^）]*）/g, '').replace(/“[^”]*”|"[^"]*"/g, ''), zh).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it.each([
    [null, 'The scheme must be an object.'],
    [[], 'The scheme must be an object.'],
    ['{"rules": [', 'The scheme is not valid JSON'],
  ])('reports %j as not a scheme', (json, error) => {
    const result = validateScheme(json, DEFAULT_INDICATOR_CODES);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toContain(error);
  });

  it('reports an unknown indicator together with problems of shape', () => {
    const result = validateScheme(
      brokenScheme((s) => {
        rule(s, 'appeals').indicator = 'appeal.totl';
        rule(s, 'training').points = -1;
      }),
      DEFAULT_INDICATOR_CODES,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        'Rule "training" has points -1; it must be more than 0.',
        'Rule "appeals" reads unknown indicator "appeal.totl", which is neither in the catalogue nor a derived total.',
      ],
      problems: expect.any(Array),
    });
    if (result.ok) return;
    expect(result.problems.map((p) => renderServerMessage(p.key, p.params, 'zh'))).toEqual([
      '规则“training”的分值（points）为 -1，须大于 0。',
      '规则“appeals”引用了未知指标“appeal.totl”，它既不在指标目录中，也不是派生合计。',
    ]);
  });

  it('reports every problem as one sentence', () => {
    const result = validateScheme(
      brokenScheme((s) => {
        s.rules[0].points = -1;
        s.rules[1].groups = ['x'];
        s.bonus.cap = -1;
      }),
      DEFAULT_INDICATOR_CODES,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(3);
    for (const error of result.errors) expect(error).toMatch(/^[A-Z][^\n]*\.$/);
  });
});

describe('schemeInput', () => {
  it('parses the default scheme to an equal scheme', () => {
    expect(schemeInput.parse(structuredClone(DEFAULT_SCHEME))).toEqual(DEFAULT_SCHEME);
  });

  it('checks what needs no catalogue, such as the grade band order', () => {
    const result = schemeInput.safeParse(
      brokenScheme((s) => {
        s.grades.reverse();
      }),
    );
    expect(result.success).toBe(false);
  });
});

describe('scheme helpers', () => {
  it('lists the indicators a rule reads', () => {
    expect(DEFAULT_SCHEME.rules.map((r) => indicatorsOfRule(r))).toEqual([
      ['pub.total'],
      ['pub.electronic', 'pub.total'],
      ['reply.total', 'req.total'],
      ['approval.deployed'],
      ['approval.cases_ontime', 'approval.cases'],
      ['training.attendees'],
      ['appeal.total'],
    ]);
  });

  it('adds up the points available to each group', () => {
    const scheme = { ...DEFAULT_SCHEME, rules: DEFAULT_SCHEME.rules.filter((r) => r.code !== 'approval_rollout') };
    expect(availablePoints(scheme)).toEqual({ grassroots: 75, organs: 100 });
  });
});
