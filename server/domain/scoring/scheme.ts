/**
 * The scoring scheme (scoring.md): a year's rules, targets, caps and grade bands, as
 * JSON-serialisable data that administrators edit and the caller stores per year.
 */
import { z } from 'zod';
import { DERIVED_TOTALS, type RankGroup } from '../catalogue.ts';

export type Grade = 'excellent' | 'good' | 'pass' | 'fail';
/** The grades a band can name; `fail` is what is left below the lowest band. */
export type BandGrade = Exclude<Grade, 'fail'>;
export const BAND_GRADES = ['excellent', 'good', 'pass'] as const satisfies readonly BandGrade[];

export const RULE_KINDS = ['ratio', 'threshold', 'per_count', 'timeliness'] as const;

/** A target per year for each group; a quarter's target is a quarter of it. */
export type GroupTargets = { grassroots: number; organs: number };

type RuleBase = {
  code: string;
  nameZh: string;
  nameEn: string;
  /** The most the rule can earn. */
  points: number;
  groups: RankGroup[];
};
export type RatioDenominator = { indicator: string } | { target: string };
/** points × min(1, max(0, numerator / denominator)); `whenZero` points where the denominator is 0. */
export type RatioRule = RuleBase & {
  kind: 'ratio';
  numerator: string;
  denominator: RatioDenominator;
  whenZero: number;
};
/** All or nothing: points where the indicator is at least `min`, else 0. */
export type ThresholdRule = RuleBase & { kind: 'threshold'; indicator: string; min: number };
/** max(0, points − perCount × indicator). */
export type PerCountRule = RuleBase & { kind: 'per_count'; indicator: string; perCount: number };
/**
 * Points for submitting on time (optional; the default scheme has none): points × the share of the period's
 * quarters whose submission came by its deadline (a quarter: all or nothing; a year: by quarters).
 */
export type TimelinessRule = RuleBase & { kind: 'timeliness' };
export type Rule = RatioRule | ThresholdRule | PerCountRule | TimelinessRule;

export type GradeBand = { grade: BandGrade; min: number };

export type Scheme = {
  targets: Record<string, GroupTargets>;
  rules: Rule[];
  deductions: { cap: number; overduePoint: number };
  bonus: { cap: number };
  /** Highest band first; a score takes the first band whose `min` it reaches, else `fail`. */
  grades: GradeBand[];
};

// Rule codes become JSON keys and export column names, so keep them plain.
const RULE_CODE_RE = /^[a-z][a-z0-9_]*$/;
const GROUPS = ['grassroots', 'organs'] as const satisfies readonly RankGroup[];

const ruleCode = z
  .string()
  .regex(RULE_CODE_RE, 'use lower-case letters, digits and underscores, starting with a letter');
const ruleName = z.string().trim().min(1);
const indicatorRef = z.string().min(1);
const ruleBase = {
  code: ruleCode,
  nameZh: ruleName,
  nameEn: ruleName,
  points: z.number().positive(),
  groups: z.array(z.enum(GROUPS)).min(1),
};
const ratioDenominator = z.union(
  [z.strictObject({ indicator: indicatorRef }), z.strictObject({ target: z.string().min(1) })],
  {
    error: 'it must be {"indicator": "<code>"} or {"target": "<name>"}',
  },
);
const ruleInput = z.discriminatedUnion('kind', [
  z.object({
    ...ruleBase,
    kind: z.literal('ratio'),
    numerator: indicatorRef,
    denominator: ratioDenominator,
    whenZero: z.number().min(0),
  }),
  z.object({ ...ruleBase, kind: z.literal('threshold'), indicator: indicatorRef, min: z.number() }),
  z.object({ ...ruleBase, kind: z.literal('per_count'), indicator: indicatorRef, perCount: z.number().positive() }),
  z.object({ ...ruleBase, kind: z.literal('timeliness') }),
]);

/**
 * The scheme's JSON. Checks everything that needs no indicator catalogue; use
 * `validateScheme` for readable errors and the indicator check.
 */
export const schemeInput = z
  .object({
    targets: z.record(z.string().min(1), z.object({ grassroots: z.number().min(0), organs: z.number().min(0) })),
    rules: z.array(ruleInput).min(1),
    deductions: z.object({ cap: z.number().min(0), overduePoint: z.number().min(0) }),
    bonus: z.object({ cap: z.number().min(0) }),
    grades: z.array(z.object({ grade: z.enum(BAND_GRADES), min: z.number() })),
  })
  .superRefine((scheme, ctx) => {
    for (const problem of crossCheck(scheme))
      ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  });
export type SchemeInput = z.infer<typeof schemeInput>;

// Fails to compile when the hand-written types and the schema drift apart.
type Assert<T extends true> = T;
type _SchemeMatchesInput = Assert<SchemeInput extends Scheme ? (Scheme extends SchemeInput ? true : false) : false>;

export type SchemeValidation = { ok: true; scheme: Scheme } | { ok: false; errors: string[] };

/**
 * Checks a scheme's JSON (parsed, or as text) against the schema and the indicator
 * catalogue; every problem comes back as one plain sentence.
 */
export function validateScheme(json: unknown, knownIndicatorCodes: Iterable<string>): SchemeValidation {
  let raw = json;
  if (typeof json === 'string') {
    try {
      raw = JSON.parse(json);
    } catch (error) {
      return {
        ok: false,
        errors: [`The scheme is not valid JSON (${error instanceof Error ? error.message : String(error)}).`],
      };
    }
  }
  const known = new Set(knownIndicatorCodes);
  for (const code of Object.keys(DERIVED_TOTALS)) known.add(code);
  // Unknown indicators are reported even when the shape is wrong elsewhere, so that an
  // administrator sees them in the first round rather than after fixing the rest.
  const indicatorErrors = unknownIndicators(raw, known);
  const parsed = schemeInput.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: unique([...parsed.error.issues.map((issue) => describeIssue(issue, raw)), ...indicatorErrors]),
    };
  }
  return indicatorErrors.length > 0
    ? { ok: false, errors: unique(indicatorErrors) }
    : { ok: true, scheme: parsed.data };
}

// Reads the raw JSON leniently: any rule that names indicators where a rule would.
function unknownIndicators(raw: unknown, known: ReadonlySet<string>): string[] {
  const rules = valueAt(raw, ['rules']);
  if (!Array.isArray(rules)) return [];
  const errors: string[] = [];
  rules.forEach((rule: unknown, i) => {
    const code = valueAt(rule, ['code']);
    const owner = typeof code === 'string' && code.length > 0 ? `Rule "${code}"` : `Rule ${i + 1}`;
    for (const path of [['numerator'], ['denominator', 'indicator'], ['indicator']]) {
      const indicator = valueAt(rule, path);
      if (typeof indicator === 'string' && indicator.length > 0 && !known.has(indicator)) {
        errors.push(
          `${owner} reads unknown indicator "${indicator}", which is neither in the catalogue nor a derived total.`,
        );
      }
    }
  });
  return errors;
}

/** The indicator codes (catalogue codes or derived totals) a rule reads. */
export function indicatorsOfRule(rule: Rule): string[] {
  switch (rule.kind) {
    case 'ratio':
      return 'indicator' in rule.denominator ? [rule.numerator, rule.denominator.indicator] : [rule.numerator];
    case 'threshold':
    case 'per_count':
      return [rule.indicator];
    case 'timeliness':
      return [];
  }
}

/** Points the rules of each group add up to; the engine rescales a group whose total is not 100. */
export function availablePoints(scheme: Scheme): Record<RankGroup, number> {
  const available: Record<RankGroup, number> = { grassroots: 0, organs: 0 };
  for (const rule of scheme.rules) for (const group of new Set(rule.groups)) available[group] += rule.points;
  return available;
}

type Problem = { message: string; path: (string | number)[] };

// Checks that span fields; they run once the shape is right.
function crossCheck(scheme: Scheme): Problem[] {
  const problems: Problem[] = [];

  const seen = new Set<string>();
  scheme.rules.forEach((rule, i) => {
    if (seen.has(rule.code)) {
      problems.push({
        message: `Rule code "${rule.code}" is used by more than one rule; codes must be unique.`,
        path: ['rules', i, 'code'],
      });
    }
    seen.add(rule.code);

    const groups = new Set<string>();
    for (const group of rule.groups) {
      if (groups.has(group))
        problems.push({ message: `Rule "${rule.code}" lists group "${group}" twice.`, path: ['rules', i, 'groups'] });
      groups.add(group);
    }

    if (rule.kind === 'ratio') {
      if ('target' in rule.denominator && !Object.hasOwn(scheme.targets, rule.denominator.target)) {
        const names = Object.keys(scheme.targets);
        const known =
          names.length > 0
            ? `the scheme's targets are ${names.map((n) => `"${n}"`).join(', ')}`
            : 'the scheme has no targets';
        problems.push({
          message: `Rule "${rule.code}" divides by unknown target "${rule.denominator.target}"; ${known}.`,
          path: ['rules', i, 'denominator', 'target'],
        });
      }
      // Non-positive points already have their own error; comparing with them would only add noise.
      if (rule.points > 0 && rule.whenZero > rule.points) {
        problems.push({
          message: `Rule "${rule.code}" awards ${rule.whenZero} points when its denominator is 0, more than its ${rule.points} points.`,
          path: ['rules', i, 'whenZero'],
        });
      }
    }
  });

  const available = availablePoints(scheme);
  for (const group of GROUPS) {
    // With no rules at all, that is the one error worth reporting.
    if (available[group] === 0 && scheme.rules.length > 0)
      problems.push({
        message: `No rule applies to group "${group}"; every group needs at least one rule.`,
        path: ['rules'],
      });
  }

  scheme.grades.forEach((band, i) => {
    const previous = i > 0 ? scheme.grades[i - 1] : undefined;
    if (!previous) return;
    const order = BAND_GRADES.indexOf(band.grade) - BAND_GRADES.indexOf(previous.grade);
    if (order === 0) {
      problems.push({ message: `Grade band "${band.grade}" appears more than once.`, path: ['grades', i, 'grade'] });
    } else if (order < 0) {
      problems.push({
        message: `Grade bands are out of order: "${band.grade}" comes after "${previous.grade}"; list them excellent, good, pass.`,
        path: ['grades', i, 'grade'],
      });
    } else if (band.min >= previous.min) {
      problems.push({
        message: `Grade bands are out of order: "${band.grade}" (min ${band.min}) must have a lower min than "${previous.grade}" (min ${previous.min}).`,
        path: ['grades', i, 'min'],
      });
    }
  });

  return problems;
}

// Turns a zod issue into one sentence that names what is wrong where, in the admin's terms.
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code === 'custom') return issue.message;
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  const input = valueAt(raw, path);
  const { owner, field } = locate(path, raw);
  const has = (what: string) => (field ? `${owner} has ${field} ${what}` : `${owner} is ${what}`);

  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return field ? `${owner} is missing ${field}.` : `${owner} is missing.`;
      return field
        ? `${owner} has ${field} of the wrong type; it must be ${typeName(issue.expected)}.`
        : `${owner} must be ${typeName(issue.expected)}.`;
    case 'too_small':
      if (issue.origin === 'number')
        return `${has(show(input))}; it must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}.`;
      if (issue.origin === 'array')
        return `${field ? `${owner} has no ${field}` : `${owner} is empty`}; at least ${issue.minimum} is needed.`;
      if (issue.origin === 'string') return field ? `${owner} has an empty ${field}.` : `${owner} is empty.`;
      break;
    case 'too_big':
      if (issue.origin === 'number')
        return `${has(show(input))}; it must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}.`;
      break;
    case 'invalid_value':
      return `${owner} has unknown ${noun(field)} ${show(input)}; it must be one of ${issue.values.map(String).join(', ')}.`;
    case 'invalid_union':
      if (issue.discriminator) {
        return input === undefined
          ? `${owner} is missing ${field || issue.discriminator}; it must be one of ${RULE_KINDS.join(', ')}.`
          : `${owner} has unknown ${field || issue.discriminator} ${show(input)}; it must be one of ${RULE_KINDS.join(', ')}.`;
      }
      return `${owner} has an invalid ${field || 'value'}: ${issue.message}.`;
    case 'invalid_format':
      return `${owner} has ${field || 'a value'} ${show(input)}, which is not valid: ${issue.message}.`;
    default:
      break;
  }
  return `${owner}${field ? ` (${field})` : ''}: ${issue.message}.`;
}

// Who the problem belongs to (a rule by its code, a target, a band, a cap) and the field within it.
function locate(path: (string | number)[], raw: unknown): { owner: string; field: string } {
  const [head, index, ...rest] = path;
  if (head === 'rules' && typeof index === 'number') {
    const code = valueAt(raw, ['rules', index, 'code']);
    const owner = typeof code === 'string' && code.length > 0 ? `Rule "${code}"` : `Rule ${index + 1}`;
    return { owner, field: fieldName(rest) };
  }
  if (head === 'grades' && typeof index === 'number') {
    const grade = valueAt(raw, ['grades', index, 'grade']);
    const owner = typeof grade === 'string' && grade.length > 0 ? `Grade band "${grade}"` : `Grade band ${index + 1}`;
    return { owner, field: fieldName(rest) };
  }
  if (head === 'targets' && index !== undefined) return { owner: `Target "${index}"`, field: fieldName(rest) };
  const joined = fieldName(path);
  const named: Record<string, string> = {
    'deductions.cap': 'The deduction cap',
    'deductions.overduePoint': 'The overdue point',
    'bonus.cap': 'The bonus cap',
  };
  const label = named[joined];
  if (label) return { owner: label, field: '' };
  return { owner: 'The scheme', field: joined };
}

function fieldName(path: (string | number)[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

// "groups[1]" → "group": the noun for one element of a list.
function noun(field: string): string {
  const bare = field.replace(/\[\d+\]$/, '');
  return bare !== field && bare.endsWith('s') ? bare.slice(0, -1) : bare || 'value';
}

function typeName(expected: string): string {
  if (expected === 'record' || expected === 'object') return 'an object';
  if (expected === 'array') return 'a list';
  return `a ${expected}`;
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function unique(messages: string[]): string[] {
  return [...new Set(messages)];
}
