/** Why the rank moved: this period against the previous one, rule by rule, deduction by deduction, the bonus and the rank. */
import { useQuery } from '@tanstack/react-query';
import { RankChange } from '../../components/badges';
import { useI18n } from '../../lib/i18n';
import { trpc } from '../../lib/trpc';

export function MovementSection({ period, unit }: { period: string; unit: string }) {
  const i = useI18n();
  const { t, score, signed } = i;
  const movement = useQuery(trpc.scores.movement.queryOptions({ period, unit }));
  const m = movement.data;
  if (!m) return null;
  const cls = (n: number) => (n > 0 ? 'pos' : n < 0 ? 'neg' : 'muted');
  const delta = (n: number) => <span className={cls(n)}>{n === 0 ? '0' : signed(n)}</span>;
  const rules = m.rules.filter((r) => r.change !== 0);
  return (
    <section className="card" data-testid="movement">
      <h2 className="card-title">{t('movement.title', { previous: i.period(m.previousPeriod) })}</h2>
      <p>
        {m.rank.change !== null
          ? t('movement.summary', {
              before: m.rank.before ?? '—',
              after: m.rank.after ?? '—',
              score: signed(m.score.change),
            })
          : m.groupChanged
            ? t('movement.groupChanged')
            : t('movement.noRank', { score: signed(m.score.change) })}{' '}
        {m.rank.change !== null ? <RankChange change={m.rank.change} /> : null}
      </p>
      <div className="table-scroll">
        <table className="table table-compact movement-table">
          <thead>
            <tr>
              <th scope="col">{t('movement.item')}</th>
              <th scope="col" className="num">
                {i.period(m.previousPeriod)}
              </th>
              <th scope="col" className="num">
                {i.period(m.period)}
              </th>
              <th scope="col" className="num">
                {t('movement.change')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={`rule-${r.code}`}>
                <th scope="row">{i.name(r)}</th>
                <td className="num">{score(r.before)}</td>
                <td className="num">{score(r.after)}</td>
                <td className="num">{delta(r.change)}</td>
              </tr>
            ))}
            {rules.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted small">
                  {t('movement.rulesSame')}
                </td>
              </tr>
            ) : null}
            <tr className="strong">
              <th scope="row">{t('score.base')}</th>
              <td className="num">{score(m.base.before)}</td>
              <td className="num">{score(m.base.after)}</td>
              <td className="num">{delta(m.base.change)}</td>
            </tr>
            {m.deductionLines.map((d) => (
              <tr key={`d-${d.findingId}-${d.kind}`}>
                <th scope="row" className="small">
                  {d.kind === 'overdue' ? t('movement.overdueLine', { text: d.description }) : d.description}
                  <div className="muted small">{i.period(d.quarter)}</div>
                </th>
                <td className="num">{d.before ? signed(-d.before) : '0'}</td>
                <td className="num">{d.after ? signed(-d.after) : '0'}</td>
                <td className="num">{delta(-d.change)}</td>
              </tr>
            ))}
            <tr className="strong">
              <th scope="row">{t('movement.deductions')}</th>
              <td className="num">{m.deductions.before ? signed(-m.deductions.before) : '0'}</td>
              <td className="num">{m.deductions.after ? signed(-m.deductions.after) : '0'}</td>
              <td className="num">{delta(-m.deductions.change)}</td>
            </tr>
            <tr className="strong">
              <th scope="row">{t('score.bonus')}</th>
              <td className="num">{m.bonus.before ? signed(m.bonus.before) : '0'}</td>
              <td className="num">{m.bonus.after ? signed(m.bonus.after) : '0'}</td>
              <td className="num">{delta(m.bonus.change)}</td>
            </tr>
            <tr className="strong">
              <th scope="row">{t('score.final')}</th>
              <td className="num">{score(m.score.before)}</td>
              <td className="num">{score(m.score.after)}</td>
              <td className="num">{delta(m.score.change)}</td>
            </tr>
            <tr>
              <th scope="row">{t('rank.rank')}</th>
              <td className="num">{m.rank.before ?? '—'}</td>
              <td className="num">{m.rank.after ?? '—'}</td>
              <td className="num">{m.rank.change !== null ? <RankChange change={m.rank.change} /> : '—'}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="small muted">{t('movement.hint')}</p>
    </section>
  );
}
