/**
 * 督办: a unit operator's own open items, warnings and reminders (acknowledge them); for inspectors and
 * leadership the rectification board — open items by unit and colour, closure rate, median days to close,
 * items red for more than 30 days, 催办 and the Excel export.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { PageHeader } from '../../components/page-header';
import { PeriodPicker } from '../../components/period-picker';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { errorMessage, trpc } from '../../lib/trpc';
import { usePagePeriod } from '../../lib/use-period';
import { LevelChips, type OpenItem, OpenItemsTable, RemindDialog } from './open-items';

export default function SupervisionPage() {
  const me = useMe();
  return me.role === 'unit' ? <UnitSupervision /> : <Board />;
}

function UnitSupervision() {
  const { t } = useI18n();
  const items = useQuery(trpc.supervision.openItems.queryOptions({}));
  const counts = { red: 0, yellow: 0, blue: 0, none: 0 };
  for (const i of items.data ?? []) counts[i.level ?? 'none']++;
  return (
    <div className="page">
      <PageHeader title={t('supervision.unitTitle')} subtitle={t('supervision.unitSubtitle')} />
      <section className="card">
        <h2 className="card-title">
          {t('supervision.openItems')} <LevelChips counts={counts} />
        </h2>
        {items.isPending ? (
          <Loading />
        ) : items.isError ? (
          <ErrorState error={items.error} onRetry={() => void items.refetch()} />
        ) : items.data.length ? (
          <OpenItemsTable items={items.data} showUnit={false} />
        ) : (
          <Empty title={t('supervision.nothingOpen')} />
        )}
      </section>
      <RemindersCard />
    </div>
  );
}

function RemindersCard({ unit }: { unit?: string }) {
  const { t, dateTime } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const options = trpc.supervision.reminders.queryOptions(unit ? { unit } : {});
  const reminders = useQuery(options);
  const ack = useMutation(
    trpc.supervision.acknowledge.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: options.queryKey });
        void queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.supervision.openItems.queryKey() });
      },
    }),
  );
  if (!reminders.data?.length) return null;
  return (
    <section className="card">
      <h2 className="card-title">{t('supervision.reminders')}</h2>
      {ack.isError ? <Notice kind="error" title={errorMessage(ack.error)} /> : null}
      <div className="table-scroll">
        <table className="table reminders">
          <thead>
            <tr>
              {me.role !== 'unit' ? <th scope="col">{t('unit.unit')}</th> : null}
              <th scope="col">{t('remind.message')}</th>
              <th scope="col">{t('remind.sentBy')}</th>
              <th scope="col">{t('remind.sentAt')}</th>
              <th scope="col">{t('remind.state')}</th>
            </tr>
          </thead>
          <tbody>
            {reminders.data.map((r) => (
              <tr key={r.id} data-reminder={r.id}>
                {me.role !== 'unit' ? <td>{r.unitName}</td> : null}
                <td>{r.message}</td>
                <td>{r.sentBy}</td>
                <td>{dateTime(r.sentAt)}</td>
                <td>
                  {r.acknowledgedAt ? (
                    <span className="badge ok">
                      {t('remind.acknowledged', { who: r.acknowledgedBy ?? '', at: dateTime(r.acknowledgedAt) })}
                    </span>
                  ) : me.role === 'unit' ? (
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      disabled={ack.isPending}
                      onClick={() => ack.mutate({ id: r.id })}
                    >
                      {t('remind.acknowledge')}
                    </button>
                  ) : (
                    <span className="badge warning warning-yellow">{t('remind.notAcknowledged')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Board() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const { periods, period, codes, setPeriod } = usePagePeriod();
  const board = useQuery({ ...trpc.supervision.board.queryOptions({ period: period ?? '' }), enabled: !!period });
  const queryClient = useQueryClient();
  const [unit, setUnit] = useState<string | null>(null);
  const [level, setLevel] = useState<string>('');
  const [reminding, setReminding] = useState<OpenItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const levelId = useId();
  const canRemind = me.role === 'inspector' || me.role === 'admin';

  if (periods.isPending) return <Loading />;
  if (periods.isError) return <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />;
  if (!period)
    return (
      <div className="page">
        <PageHeader title={t('supervision.boardTitle')} />
        <Empty title={t('overview.noPeriods')} />
      </div>
    );
  const b = board.data;
  const items = (b?.items ?? []).filter(
    (i) => (!unit || i.unitCode === unit) && (!level || (level === 'none' ? i.level === null : i.level === level)),
  );
  return (
    <div className="page">
      <PageHeader title={t('supervision.boardTitle')} subtitle={t('supervision.boardSubtitle')}>
        <PeriodPicker codes={codes} value={period} onChange={setPeriod} />
        <a className="btn" href={`/api/export/board?period=${encodeURIComponent(period)}`}>
          {t('supervision.export')}
        </a>
      </PageHeader>
      {notice ? <Notice kind="success" title={notice} /> : null}
      {board.isPending ? (
        <Loading />
      ) : board.isError ? (
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      ) : b ? (
        <>
          <section className="kpi-grid" aria-label={t('supervision.totals')}>
            <Kpi label={t('supervision.open')} value={i18n.num(b.totals.open)} k="open" />
            <Kpi label={t('warning.red')} value={i18n.num(b.totals.levels.red)} k="red" />
            <Kpi label={t('warning.yellow')} value={i18n.num(b.totals.levels.yellow)} k="yellow" />
            <Kpi label={t('warning.blue')} value={i18n.num(b.totals.levels.blue)} k="blue" />
            <Kpi
              label={t('supervision.closureRate')}
              value={b.totals.closureRate === null ? '—' : `${(b.totals.closureRate * 100).toFixed(1)}%`}
              sub={t('supervision.closedOf', { closed: b.totals.closed, total: b.totals.findings })}
              k="closure"
            />
            <Kpi
              label={t('supervision.medianDays')}
              value={
                b.totals.medianDaysToClose === null ? '—' : t('supervision.days', { n: b.totals.medianDaysToClose })
              }
              k="median"
            />
            <Kpi label={t('supervision.redOver30')} value={i18n.num(b.totals.redOver30)} k="redOver30" />
          </section>

          <section className="card">
            <h2 className="card-title">{t('supervision.byUnit')}</h2>
            {b.units.length ? (
              <div className="table-scroll board-units">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('unit.unit')}</th>
                      <th scope="col" className="num">
                        {t('warning.red')}
                      </th>
                      <th scope="col" className="num">
                        {t('warning.yellow')}
                      </th>
                      <th scope="col" className="num">
                        {t('warning.blue')}
                      </th>
                      <th scope="col" className="num">
                        {t('supervision.open')}
                      </th>
                      <th scope="col" className="num">
                        {t('supervision.closureRate')}
                      </th>
                      <th scope="col" className="num">
                        {t('supervision.medianDays')}
                      </th>
                      <th scope="col" className="num">
                        {t('supervision.redOver30')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.units.map((u) => (
                      <tr key={u.unitCode} className={unit === u.unitCode ? 'selected' : undefined}>
                        <td>
                          <button
                            type="button"
                            className="link-button"
                            aria-pressed={unit === u.unitCode}
                            onClick={() => setUnit(unit === u.unitCode ? null : u.unitCode)}
                          >
                            {u.unitName}
                          </button>
                        </td>
                        <td className={`num ${u.levels.red ? 'neg' : ''}`}>{u.levels.red}</td>
                        <td className="num">{u.levels.yellow}</td>
                        <td className="num">{u.levels.blue}</td>
                        <td className="num">{u.open}</td>
                        <td className="num">{u.closureRate === null ? '—' : `${(u.closureRate * 100).toFixed(0)}%`}</td>
                        <td className="num">{u.medianDaysToClose ?? '—'}</td>
                        <td className="num">{u.redOver30}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty title={t('supervision.nothingOpen')} />
            )}
          </section>

          <section className="card">
            <div className="toolbar">
              <h2 className="card-title">
                {unit
                  ? t('supervision.itemsOf', { unit: b.units.find((u) => u.unitCode === unit)?.unitName ?? unit })
                  : t('supervision.openItems')}
              </h2>
              <div className="field field-inline">
                <label htmlFor={levelId}>{t('openItem.level')}</label>
                <select id={levelId} value={level} onChange={(e) => setLevel(e.target.value)}>
                  <option value="">{t('supervision.allLevels')}</option>
                  <option value="red">{t('warning.red')}</option>
                  <option value="yellow">{t('warning.yellow')}</option>
                  <option value="blue">{t('warning.blue')}</option>
                  <option value="none">{t('warning.none')}</option>
                </select>
              </div>
              {unit ? (
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setUnit(null)}>
                  {t('supervision.allUnits')}
                </button>
              ) : null}
              <span className="muted small">{t('inspection.count', { n: items.length })}</span>
            </div>
            {items.length ? (
              <OpenItemsTable items={items.slice(0, 500)} showUnit {...(canRemind ? { onRemind: setReminding } : {})} />
            ) : (
              <Empty title={t('supervision.nothingOpen')} />
            )}
          </section>
          <RemindersCard {...(unit ? { unit } : {})} />
        </>
      ) : null}
      {reminding ? (
        <RemindDialog
          item={reminding}
          onClose={() => setReminding(null)}
          onDone={() => {
            setNotice(t('remind.sent', { unit: reminding.unitName }));
            setReminding(null);
            void queryClient.invalidateQueries({ queryKey: trpc.supervision.board.queryKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.supervision.reminders.queryKey() });
          }}
        />
      ) : null}
    </div>
  );
}

function Kpi({ label, value, sub, k }: { label: string; value: string; sub?: string; k: string }) {
  return (
    <div className={`kpi kpi-${k}`} data-kpi={k}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {sub ? <div className="kpi-sub">{sub}</div> : null}
    </div>
  );
}
