/**
 * The words of an audit entry's changes (server/domain/audit-diff.ts) in the page language: each row's
 * field as a label (audit.field.* messages, indicator names from the catalogue, rule names from the
 * scheme in the entry), each value as the rest of the app shows it (role, status and grade names, dates,
 * 是/否, 无). What has no words (a field or value the app does not know) comes back `raw`, shown as
 * stored and marked as not text to translate. Pure.
 */
import type { AuditDiffRow, DiffSegment } from '../../../../server/domain/audit-diff';
import { formatDate, formatDateTime, formatNumber, formatPeriod, type Lang } from '../../lib/format';
import { hasMessage, translate } from '../../lib/i18n';
import { indicatorLabel } from '../../lib/indicators';
import { type RuleInfo, ruleMeta } from '../../lib/rules';

export type AuditEntryView = { entity: string; entityId: string; action: string; before: unknown; after: unknown };
/** A text to show; `raw` when it is a stored name shown as it is (rendered with translate="no"). */
export type Worded = { text: string; raw: boolean };

const worded = (text: string): Worded => ({ text, raw: false });
const raw = (text: string): Worded => ({ text, raw: true });

/** Rules named in the entry itself (a scheme's before and after), so a renamed or new rule shows its own name. */
function rulesOf(entry: AuditEntryView): RuleInfo[] {
  const out: RuleInfo[] = [];
  for (const side of [entry.after, entry.before]) {
    const rules = (side as { rules?: unknown } | null)?.rules;
    if (!Array.isArray(rules)) continue;
    for (const r of rules as Partial<RuleInfo>[])
      if (typeof r?.code === 'string' && typeof r.nameZh === 'string' && typeof r.nameEn === 'string')
        out.push({ code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, points: Number(r.points) || 0 });
  }
  return out;
}

/** Fields that mean something else in one kind of record: an appeal's `target` is what it appeals, the demo's `values` a count. */
const FIELD_BY_ENTITY: Record<string, Record<string, string>> = {
  appeal: { target: 'appealTarget' },
  database: { values: 'valueCount' },
};

function segmentLabel(s: DiffSegment, lang: Lang, entry: AuditEntryView, rules: RuleInfo[]): Worded {
  switch (s.kind) {
    case 'field': {
      const key = `audit.field.${FIELD_BY_ENTITY[entry.entity]?.[s.name] ?? s.name}`;
      return hasMessage(key) ? worded(translate(lang, key)) : raw(s.name);
    }
    case 'indicator': {
      const name = indicatorLabel(s.code, lang);
      return name === s.code ? raw(s.code) : worded(name);
    }
    case 'rule': {
      const meta = ruleMeta(s.code, lang, rules);
      return meta.label === s.code ? raw(s.code) : worded(meta.label);
    }
    case 'grade': {
      const key = `grade.${s.grade}`;
      return hasMessage(key) ? worded(translate(lang, key)) : raw(s.grade);
    }
    case 'key': {
      const key = `audit.field.${s.key}`;
      return hasMessage(key) ? worded(translate(lang, key)) : raw(s.key);
    }
    case 'index':
      return worded(translate(lang, 'audit.item', { n: s.index + 1 }));
  }
}

/**
 * A row's field in words: its parts joined (评分细则 · 主动公开信息量 · 满分). A setting stored as one value
 * is named by its key. Any part without words makes the whole label the stored path, shown as such.
 */
export function diffFieldLabel(row: AuditDiffRow, entry: AuditEntryView, lang: Lang): Worded {
  let segments = row.segments;
  if (entry.entity === 'setting' && (row.path === 'value' || row.path === ''))
    segments = [{ kind: 'field', name: entry.entityId }];
  if (segments.length === 0) return raw(entry.entityId);
  const rules = rulesOf(entry);
  const parts = segments.map((s) => segmentLabel(s, lang, entry, rules));
  if (parts.some((p) => p.raw)) return raw(row.path || entry.entityId);
  return worded(parts.map((p) => p.text).join(' · '));
}

/** The last field name above a value (a rule's `kind`, a claim's `status`) and the one above that. */
function fieldsOf(row: AuditDiffRow): { name: string | null; parent: string | null } {
  const fields = row.segments.filter((s) => s.kind === 'field').map((s) => (s as { name: string }).name);
  const last = row.segments[row.segments.length - 1];
  return {
    name: last?.kind === 'field' ? last.name : null,
    parent: fields.length >= 2 ? (fields[fields.length - 2] ?? null) : null,
  };
}

/** Message-key prefixes of values that are names of the app's states and kinds, by the field that holds them. */
function enumPrefix(name: string, parent: string | null, entity: string): string | null {
  switch (name) {
    case 'role':
      return 'role';
    case 'status':
      if (parent === 'claim') return 'rect';
      if (entity === 'appeal') return 'appeal.status';
      if (entity === 'submission') return 'status';
      return null;
    case 'rectificationStatus':
      return 'rect';
    case 'severity':
      return 'severity';
    case 'type':
      return 'unitType';
    case 'kind':
      return 'ruleKind';
    case 'grade':
      return 'grade';
    case 'groups':
      return 'group';
    case 'group':
      return 'group';
    case 'level':
      return 'warning';
    case 'result':
    case 'method':
    case 'pending':
    case 'target':
    case 'ownerKind':
    case 'format':
      return `audit.value.${name}`;
    default:
      return null;
  }
}

const INDICATOR_FIELDS = new Set(['indicator', 'numerator', 'indicatorCode']);
const PERIOD_FIELDS = new Set(['period', 'periodCode', 'waitsForReopening']);
/** Stored machine values a person reads as they are (a checksum, a file type, an address). */
const MACHINE_FIELDS = new Set(['sha256', 'mime', 'ip', 'requestId']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function scalarText(v: unknown, row: AuditDiffRow, entry: AuditEntryView, lang: Lang): Worded {
  if (v === null || v === undefined || v === '') return worded(translate(lang, 'audit.value.none'));
  if (typeof v === 'boolean') return worded(translate(lang, v ? 'audit.value.yes' : 'audit.value.no'));
  if (typeof v === 'number') return worded(formatNumber(v, lang));
  if (typeof v !== 'string') return raw(JSON.stringify(v));
  const { name, parent } = fieldsOf(row);
  if (name === null) return worded(v);
  if (MACHINE_FIELDS.has(name)) return raw(v);
  const prefix = enumPrefix(name, parent, entry.entity);
  if (prefix !== null) {
    const key = `${prefix}.${v}`;
    return hasMessage(key) ? worded(translate(lang, key)) : raw(v);
  }
  if (INDICATOR_FIELDS.has(name) || (name === 'target' && parent === 'denominator')) {
    const label = indicatorLabel(v, lang);
    return label === v ? raw(v) : worded(label);
  }
  if (PERIOD_FIELDS.has(name)) {
    const text = formatPeriod(v, lang);
    return text === v ? raw(v) : worded(text);
  }
  if (ISO_DATE.test(v)) return worded(formatDate(v, lang));
  if (ISO_INSTANT.test(v)) return worded(formatDateTime(v, lang));
  // Everything else is what a person wrote or named: a description, a reason, a unit's name or code.
  return worded(v);
}

/** A value of a row in words; a list is its items joined, a shape the row does not expect is its JSON. */
export function diffValueText(v: unknown, row: AuditDiffRow, entry: AuditEntryView, lang: Lang): Worded {
  if (Array.isArray(v)) {
    if (v.length === 0) return worded(translate(lang, 'audit.value.none'));
    const items = v.map((x) => scalarText(x, row, entry, lang));
    return { text: items.map((x) => x.text).join(translate(lang, 'audit.value.sep')), raw: items.some((x) => x.raw) };
  }
  if (typeof v === 'object' && v !== null) return raw(JSON.stringify(v));
  return scalarText(v, row, entry, lang);
}
