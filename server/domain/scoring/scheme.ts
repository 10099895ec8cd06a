/**
 * The scoring scheme (scoring.md): a year's rules, targets, caps and grade bands, as
 * JSON-serialisable data that administrators edit and the caller stores per year.
 */
import { z } from 'zod';
import { DERIVED_TOTALS, type RankGroup } from '../catalogue.ts';
import { GRADE_ZH, GROUP_ZH, renderServerMessage, type ServerMessage } from '../server-messages.ts';

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
      ctx.addIssue({
        code: 'custom',
        message: renderServerMessage(problem.message.key, problem.message.params, 'en'),
        path: problem.path,
        params: { serverMessage: problem.message },
      });
  });
export type SchemeInput = z.infer<typeof schemeInput>;

// Fails to compile when the hand-written types and the schema drift apart.
type Assert<T extends true> = T;
type _SchemeMatchesInput = Assert<SchemeInput extends Scheme ? (Scheme extends SchemeInput ? true : false) : false>;

/** A refused scheme: `errors` in English (CLI, logs), `problems` the same as catalogue keys (server-messages.ts). */
export type SchemeValidation =
  | { ok: true; scheme: Scheme }
  | { ok: false; errors: string[]; problems: ServerMessage[] };

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
      return refused([
        { key: 'scheme.notJson', params: { why: error instanceof Error ? error.message : String(error) } },
      ]);
    }
  }
  const known = new Set(knownIndicatorCodes);
  for (const code of Object.keys(DERIVED_TOTALS)) known.add(code);
  // Unknown indicators are reported even when the shape is wrong elsewhere, so that an
  // administrator sees them in the first round rather than after fixing the rest.
  const indicatorErrors = unknownIndicators(raw, known);
  const parsed = schemeInput.safeParse(raw);
  if (!parsed.success)
    return refused([...parsed.error.issues.map((issue) => describeIssue(issue, raw)), ...indicatorErrors]);
  return indicatorErrors.length > 0 ? refused(indicatorErrors) : { ok: true, scheme: parsed.data };
}

// Reads the raw JSON leniently: any rule that names indicators where a rule would.
function unknownIndicators(raw: unknown, known: ReadonlySet<string>): ServerMessage[] {
  const rules = valueAt(raw, ['rules']);
  if (!Array.isArray(rules)) return [];
  const errors: ServerMessage[] = [];
  rules.forEach((_rule: unknown, i) => {
    const rule = valueAt(raw, ['rules', i]);
    const owner = ruleOwner(raw, i);
    for (const path of [['numerator'], ['denominator', 'indicator'], ['indicator']]) {
      const indicator = valueAt(rule, path);
      if (typeof indicator === 'string' && indicator.length > 0 && !known.has(indicator))
        errors.push({ key: 'scheme.unknownIndicator', params: { ...owner, indicator } });
    }
  });
  return errors;
}

/** The refusal of a scheme: each problem once, in English and as its catalogue sentence. */
function refused(problems: ServerMessage[]): SchemeValidation {
  const seen = new Set<string>();
  const errors: string[] = [];
  const kept: ServerMessage[] = [];
  for (const p of problems) {
    const english = renderServerMessage(p.key, p.params, 'en');
    if (seen.has(english)) continue;
    seen.add(english);
    errors.push(english);
    kept.push(p);
  }
  return { ok: false, errors, problems: kept };
}

type Owner = { owner: string; ownerZh: string };

function ruleOwner(raw: unknown, index: number): Owner {
  const code = valueAt(raw, ['rules', index, 'code']);
  return typeof code === 'string' && code.length > 0
    ? { owner: `Rule "${code}"`, ownerZh: `规则“${code}”` }
    : { owner: `Rule ${index + 1}`, ownerZh: `第 ${index + 1} 条规则` };
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

type Problem = { message: ServerMessage; path: (string | number)[] };

// Checks that span fields; they run once the shape is right.
function crossCheck(scheme: Scheme): Problem[] {
  const problems: Problem[] = [];

  const seen = new Set<string>();
  scheme.rules.forEach((rule, i) => {
    if (seen.has(rule.code)) {
      problems.push({
        message: { key: 'scheme.duplicateCode', params: { code: rule.code } },
        path: ['rules', i, 'code'],
      });
    }
    seen.add(rule.code);

    const groups = new Set<string>();
    for (const group of rule.groups) {
      if (groups.has(group))
        problems.push({
          message: { key: 'scheme.groupTwice', params: { code: rule.code, group } },
          path: ['rules', i, 'groups'],
        });
      groups.add(group);
    }

    if (rule.kind === 'ratio') {
      if ('target' in rule.denominator && !Object.hasOwn(scheme.targets, rule.denominator.target)) {
        const names = Object.keys(scheme.targets);
        const about = { code: rule.code, target: rule.denominator.target };
        problems.push({
          message:
            names.length > 0
              ? { key: 'scheme.unknownTarget', params: { ...about, targets: names.map((n) => `"${n}"`).join(', ') } }
              : { key: 'scheme.unknownTargetNone', params: about },
          path: ['rules', i, 'denominator', 'target'],
        });
      }
      // Non-positive points already have their own error; comparing with them would only add noise.
      if (rule.points > 0 && rule.whenZero > rule.points) {
        problems.push({
          message: {
            key: 'scheme.whenZeroTooHigh',
            params: { code: rule.code, whenZero: rule.whenZero, points: rule.points },
          },
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
        message: { key: 'scheme.groupWithoutRule', params: { group } },
        path: ['rules'],
      });
  }

  scheme.grades.forEach((band, i) => {
    const previous = i > 0 ? scheme.grades[i - 1] : undefined;
    if (!previous) return;
    const order = BAND_GRADES.indexOf(band.grade) - BAND_GRADES.indexOf(previous.grade);
    if (order === 0) {
      problems.push({
        message: { key: 'scheme.bandTwice', params: { grade: band.grade } },
        path: ['grades', i, 'grade'],
      });
    } else if (order < 0) {
      problems.push({
        message: { key: 'scheme.bandsOrder', params: { grade: band.grade, previous: previous.grade } },
        path: ['grades', i, 'grade'],
      });
    } else if (band.min >= previous.min) {
      problems.push({
        message: {
          key: 'scheme.bandsMin',
          params: { grade: band.grade, min: band.min, previous: previous.grade, previousMin: previous.min },
        },
        path: ['grades', i, 'min'],
      });
    }
  });

  return problems;
}

// Turns a zod issue into one sentence that names what is wrong where, in the admin's terms; the Chinese names
// the JSON field in words with its key beside it (`分母（denominator）`), as the admin finds it in the editor.
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): ServerMessage {
  const message = describeIssueEn(issue, raw);
  const params: Record<string, string | number> = { ...message.params };
  if (typeof params.field === 'string') params.fieldZh = fieldZh(params.field);
  if (typeof params.noun === 'string') params.nounZh = fieldZh(params.noun);
  if (typeof params.fieldPart === 'string')
    params.fieldPartZh = params.fieldPart ? `的${fieldZh(params.fieldPart.trim().slice(1, -1))}` : '';
  if (typeof params.values === 'string')
    params.valuesZh = params.values
      .split(', ')
      .map((v) => {
        const word = GRADE_ZH[v] ?? GROUP_ZH[v];
        return word ? `${word}（${v}）` : v;
      })
      .join('、');
  if (typeof params.kinds === 'string') params.kindsZh = RULE_KINDS.map((k) => `${RULE_KIND_ZH[k]}（${k}）`).join('、');
  return { key: message.key, params } as ServerMessage;
}

const RULE_KIND_ZH: Record<(typeof RULE_KINDS)[number], string> = {
  ratio: '比率',
  threshold: '达标',
  per_count: '按次扣减',
  timeliness: '按时报送',
};

/** The scheme's JSON keys in words. */
const SCHEME_FIELD_ZH: Record<string, string> = {
  bonus: '加分',
  cap: '上限',
  code: '规则代码',
  deductions: '扣分',
  denominator: '分母',
  grade: '等级',
  grades: '等级',
  group: '分组',
  groups: '适用分组',
  grassroots: '基层单位目标',
  indicator: '指标',
  kind: '规则类型',
  min: '最低值',
  nameEn: '英文名称',
  nameZh: '中文名称',
  numerator: '分子',
  organs: '机关单位目标',
  overduePoint: '每项逾期扣分',
  perCount: '每次扣分',
  points: '分值',
  rules: '规则',
  target: '目标',
  targets: '目标',
  value: '取值',
  whenZero: '分母为 0 时的得分',
};

/** `denominator.indicator` → `分母的指标（denominator.indicator）`; `groups[1]` → `适用分组第 2 项（groups[1]）`. */
function fieldZh(field: string): string {
  const bare = field === 'a value' ? 'value' : field;
  const words = bare
    .split('.')
    .map((segment) =>
      segment.replace(/^([A-Za-z]*)((?:\[\d+\])*)$/, (_all, name: string, indexes: string) => {
        const word = name ? (SCHEME_FIELD_ZH[name] ?? name) : '';
        const items = [...indexes.matchAll(/\[(\d+)\]/g)].map((m) => `第 ${Number(m[1]) + 1} 项`).join('');
        return word + items;
      }),
    )
    .join('的');
  return bare === 'value' ? words : `${words}（${bare}）`;
}

function describeIssueEn(issue: z.core.$ZodIssue, raw: unknown): ServerMessage {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  const input = valueAt(raw, path);
  const { field, ...owner } = locate(path, raw);
  const fallback: ServerMessage = {
    key: 'scheme.invalid',
    params: { ...owner, fieldPart: field ? ` (${field})` : '', why: issue.message },
  };
  if (issue.code === 'custom')
    return (issue.params as { serverMessage?: ServerMessage } | undefined)?.serverMessage ?? fallback;
  const bound = (key: 'scheme.numberField' | 'scheme.number', limit: number | bigint, en: string, zh: string) => ({
    key,
    params: { ...owner, field, value: show(input), bound: en, boundZh: zh, limit: Number(limit) },
  });

  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined)
        return field
          ? { key: 'scheme.missingField', params: { ...owner, field } }
          : { key: 'scheme.missing', params: owner };
      const type = { type: typeName(issue.expected), typeZh: typeNameZh(issue.expected) };
      return field
        ? { key: 'scheme.wrongTypeField', params: { ...owner, field, ...type } }
        : { key: 'scheme.wrongType', params: { ...owner, ...type } };
    }
    case 'too_small':
      if (issue.origin === 'number')
        return bound(
          field ? 'scheme.numberField' : 'scheme.number',
          issue.minimum,
          issue.inclusive ? 'at least' : 'more than',
          issue.inclusive ? '不小于' : '大于',
        );
      if (issue.origin === 'array')
        return field
          ? { key: 'scheme.emptyListField', params: { ...owner, field, minimum: Number(issue.minimum) } }
          : { key: 'scheme.emptyList', params: { ...owner, minimum: Number(issue.minimum) } };
      if (issue.origin === 'string')
        return field
          ? { key: 'scheme.emptyTextField', params: { ...owner, field } }
          : { key: 'scheme.emptyText', params: owner };
      break;
    case 'too_big':
      if (issue.origin === 'number')
        return bound(
          field ? 'scheme.numberField' : 'scheme.number',
          issue.maximum,
          issue.inclusive ? 'at most' : 'less than',
          issue.inclusive ? '不大于' : '小于',
        );
      break;
    case 'invalid_value':
      return {
        key: 'scheme.unknownValue',
        params: { ...owner, noun: noun(field), value: show(input), values: issue.values.map(String).join(', ') },
      };
    case 'invalid_union':
      if (issue.discriminator) {
        const about = { ...owner, field: field || issue.discriminator, kinds: RULE_KINDS.join(', ') };
        return input === undefined
          ? { key: 'scheme.missingKind', params: about }
          : { key: 'scheme.unknownKind', params: { ...about, value: show(input) } };
      }
      return { key: 'scheme.invalidUnion', params: { ...owner, field: field || 'value', why: issue.message } };
    case 'invalid_format':
      return {
        key: 'scheme.invalidFormat',
        params: { ...owner, field: field || 'a value', value: show(input), why: issue.message },
      };
    default:
      break;
  }
  return fallback;
}

// Who the problem belongs to (a rule by its code, a target, a band, a cap) and the field within it.
function locate(path: (string | number)[], raw: unknown): Owner & { field: string } {
  const [head, index, ...rest] = path;
  if (head === 'rules' && typeof index === 'number') return { ...ruleOwner(raw, index), field: fieldName(rest) };
  if (head === 'grades' && typeof index === 'number') {
    const grade = valueAt(raw, ['grades', index, 'grade']);
    const owner =
      typeof grade === 'string' && grade.length > 0
        ? { owner: `Grade band "${grade}"`, ownerZh: `等级“${GRADE_ZH[grade] ?? grade}”` }
        : { owner: `Grade band ${index + 1}`, ownerZh: `第 ${index + 1} 个等级` };
    return { ...owner, field: fieldName(rest) };
  }
  if (head === 'targets' && index !== undefined)
    return { owner: `Target "${index}"`, ownerZh: `目标“${index}”`, field: fieldName(rest) };
  const joined = fieldName(path);
  const named: Record<string, Owner> = {
    'deductions.cap': { owner: 'The deduction cap', ownerZh: '扣分上限' },
    'deductions.overduePoint': { owner: 'The overdue point', ownerZh: '逾期扣分分值' },
    'bonus.cap': { owner: 'The bonus cap', ownerZh: '加分上限' },
  };
  const label = named[joined];
  if (label) return { ...label, field: '' };
  return { owner: 'The scheme', ownerZh: '评分方案', field: joined };
}

function fieldName(path: (string | number)[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

// "groups[1]" → "group": the noun for one element of a list.
function noun(field: string): string {
  const bare = field.replace(/\[\d+\]$/, '');
  return bare !== field && bare.endsWith('s') ? bare.slice(0, -1) : bare || 'value';
}

function typeNameZh(expected: string): string {
  const names: Record<string, string> = {
    record: '对象',
    object: '对象',
    array: '列表',
    number: '数字',
    string: '文本',
    boolean: 'true 或 false',
  };
  return names[expected] ?? expected;
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
