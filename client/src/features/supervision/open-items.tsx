/** Open items (待办事项) with their warning colours: the table, the summary chips, the 催办 dialog. */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Dialog, DialogFooter } from '../../components/dialog';
import { WarningBadge } from '../../components/warning-badge';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { Link, withParams } from '../../lib/router';
import { errorMessage, type RouterOutputs, trpc } from '../../lib/trpc';

export type OpenItem = RouterOutputs['supervision']['openItems'][number];
export type LevelCounts = { red: number; yellow: number; blue: number; none: number };

const SEVERITY: Record<string, MessageKey> = {
  minor: 'severity.minor',
  major: 'severity.major',
  veto: 'severity.veto',
};

/** What the item is, in the reader's language. */
export function OpenItemText({ item }: { item: OpenItem }) {
  const { t, period } = useI18n();
  switch (item.kind) {
    case 'submission':
      return <>{t('openItem.submission', { period: period(item.period) })}</>;
    case 'returned':
      return (
        <>
          {t('openItem.returned', { period: period(item.period) })}
          {item.reason ? (
            <div className="small muted">{t('openItem.returnReason', { reason: item.reason })}</div>
          ) : null}
        </>
      );
    case 'finding':
      return (
        <>
          <span className="muted">{t(SEVERITY[item.severity] ?? 'severity.minor')} · </span>
          {t('openItem.finding', { text: item.description })}
        </>
      );
    case 'claim':
      return <>{t('openItem.claim', { text: item.description })}</>;
  }
}

/** Where the item is dealt with. */
function ItemAction({ item }: { item: OpenItem }) {
  const { t } = useI18n();
  const me = useMe();
  if (me.role === 'unit') {
    if (item.kind === 'submission' || item.kind === 'returned')
      return <Link to={withParams('/entry', '', { period: item.period })}>{t('openItem.goEntry')}</Link>;
    if (item.kind === 'finding') return <Link to="/inspection">{t('openItem.goRectify')}</Link>;
    return <span className="muted small">{t('openItem.waitingInspector')}</span>;
  }
  if (item.kind === 'claim') return <Link to="/inspection?tab=confirm">{t('openItem.goConfirm')}</Link>;
  if (item.kind === 'finding')
    return <Link to={withParams('/inspection', '', { unit: item.unitCode })}>{t('openItem.goFindings')}</Link>;
  if (item.kind === 'returned' || item.kind === 'submission')
    return (
      <Link to={withParams(`/scorecard/${encodeURIComponent(item.unitCode)}`, '', { period: item.period })}>
        {t('openItem.goScorecard')}
      </Link>
    );
  return null;
}

export function LevelChips({ counts }: { counts: LevelCounts }) {
  const { t } = useI18n();
  return (
    <span className="level-chips">
      {(['red', 'yellow', 'blue'] as const).map((l) => (
        <span key={l} className={`badge warning warning-${l}`} data-count={l}>
          {t(`warning.${l}`)} {counts[l]}
        </span>
      ))}
    </span>
  );
}

export function OpenItemsTable({
  items,
  showUnit,
  onRemind,
}: {
  items: OpenItem[];
  showUnit: boolean;
  onRemind?: (item: OpenItem) => void;
}) {
  const { t, period, dateTime } = useI18n();
  return (
    <div className="table-scroll">
      <table className="table open-items">
        <thead>
          <tr>
            <th scope="col">{t('openItem.level')}</th>
            {showUnit ? <th scope="col">{t('unit.unit')}</th> : null}
            <th scope="col">{t('period.label')}</th>
            <th scope="col">{t('openItem.item')}</th>
            <th scope="col">{t('openItem.dueOn')}</th>
            <th scope="col">{t('openItem.reminders')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.key} data-item={i.key} className={i.level ? `row-${i.level}` : undefined}>
              <td>
                {i.level ? (
                  <WarningBadge level={i.level} daysLeft={i.daysLeft} dueOn={i.dueOn} />
                ) : (
                  <span className="muted small">{t('warning.none')}</span>
                )}
              </td>
              {showUnit ? (
                <td>
                  {i.unitName}
                  <div className="muted small">{i.unitCode}</div>
                </td>
              ) : null}
              <td>{period(i.period)}</td>
              <td>
                <OpenItemText item={i} />
              </td>
              <td>{i.dueOn ?? '—'}</td>
              <td>
                {i.reminders.open ? (
                  <span title={i.reminders.lastMessage ?? ''}>
                    {t('openItem.reminded', { n: i.reminders.open })}
                    <div className="small muted">{dateTime(i.reminders.lastSentAt)}</div>
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="actions">
                <ItemAction item={i} />
                {onRemind && i.kind !== 'claim' ? (
                  <button type="button" className="btn btn-small" onClick={() => onRemind(i)}>
                    {t('remind.action')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RemindDialog({ item, onClose, onDone }: { item: OpenItem; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [message, setMessage] = useState(() =>
    item.dueOn ? t('remind.default', { date: item.dueOn }) : t('remind.defaultNoDate'),
  );
  const id = useId();
  const remind = useMutation(trpc.supervision.remind.mutationOptions({ onSuccess: onDone }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!message.trim()) return;
    remind.mutate({ unit: item.unitCode, itemKey: item.key, message: message.trim() });
  };
  return (
    <Dialog title={t('remind.title', { unit: item.unitName })} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <p className="dialog-message">
          <OpenItemText item={item} />
        </p>
        <div className="field">
          <label htmlFor={id}>{t('remind.message')}</label>
          <textarea id={id} rows={3} maxLength={500} value={message} onChange={(e) => setMessage(e.target.value)} />
        </div>
        {remind.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(remind.error)}
          </p>
        ) : null}
        <DialogFooter
          primaryLabel={t('remind.send')}
          onCancel={onClose}
          busy={remind.isPending}
          disabled={!message.trim()}
        />
      </form>
    </Dialog>
  );
}
