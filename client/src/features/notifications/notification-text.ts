/**
 * A notification's title and body in the page language, from its params (NotificationParams, as the server
 * stored them); rows written before params existed are shown by their stored (Chinese) title and body. Pure.
 */
import type { NoticeItem, NotificationParams } from '../../../../server/domain/supervision';
import { formatDate, formatPeriod } from '../../lib/format';
import { type Lang, type MessageKey, translate } from '../../lib/i18n';

function itemText(item: NoticeItem, lang: Lang): string {
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
  const due = item.dueOn
    ? item.daysLeft !== null && item.daysLeft < 0
      ? tr('notice.dueOverdue', { date: formatDate(item.dueOn, lang), n: -item.daysLeft })
      : tr('notice.due', { date: formatDate(item.dueOn, lang) })
    : '';
  const params = {
    who: item.unitName ? tr('notice.who', { unit: item.unitName }) : '',
    period: formatPeriod(item.period, lang),
    severity:
      item.severity === 'minor' || item.severity === 'major' || item.severity === 'veto'
        ? tr(`notice.severity.${item.severity}`)
        : '',
    description: item.description ?? '',
    due,
  };
  return tr(`notice.item.${item.kind}`, params);
}

const line = (item: NoticeItem, lang: Lang) =>
  (item.level ? translate(lang, 'notice.levelTag', { level: translate(lang, `warning.${item.level}`) }) : '') +
  itemText(item, lang);

export function notificationText(
  n: { title: string; body: string; params: NotificationParams | null },
  lang: Lang,
): { title: string; body: string } {
  const p = n.params;
  if (!p) return { title: n.title, body: n.body };
  switch (p.type) {
    case 'unitDigest': {
      const parts = (['red', 'yellow', 'blue'] as const)
        .filter((l) => p.counts[l])
        .map((l) => translate(lang, 'notice.levelCount', { level: translate(lang, `warning.${l}`), n: p.counts[l] }));
      return {
        title: translate(lang, 'notice.unitDigestTitle', {
          day: formatDate(p.day, lang),
          parts: parts.join(translate(lang, 'notice.sep')),
        }),
        body: p.items.map((i) => line(i, lang)).join('\n'),
      };
    }
    case 'cityDigest': {
      const counts = { red: p.counts.red, yellow: p.counts.yellow, blue: p.counts.blue };
      return {
        title: translate(lang, 'notice.cityDigestTitle', { day: formatDate(p.day, lang), ...counts }),
        body: [
          translate(lang, 'notice.cityDigestSummary', {
            total: p.total,
            claims: p.claims,
            longRed: p.longRed,
            ...counts,
          }),
          ...p.items.map((i) => line(i, lang)),
        ].join('\n'),
      };
    }
    case 'reminder': {
      const text = itemText(p.item, lang);
      return {
        title: translate(lang, 'notice.reminderTitle', { item: text }),
        body: translate(lang, 'notice.reminderBody', { message: p.message, item: text, sender: p.sender }),
      };
    }
  }
}
