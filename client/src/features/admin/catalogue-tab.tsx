/** The indicator catalogue, read-only, by category. */
import { useQuery } from '@tanstack/react-query';
import { CATEGORY_LABELS, type IndicatorCategory } from '../../../../server/domain/catalogue';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { indicatorLabel, measureLabel } from '../../lib/indicators';
import { trpc } from '../../lib/trpc';

export function CatalogueTab() {
  const i = useI18n();
  const { t } = i;
  const catalogue = useQuery(trpc.meta.catalogue.queryOptions());
  if (catalogue.isPending) return <Loading />;
  if (catalogue.isError) return <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  if (!catalogue.data.length) return <Empty title={t('admin.noCatalogue')} />;
  const cats = [...new Set(catalogue.data.map((d) => d.category))];
  return (
    <section className="card">
      <p className="muted small">{t('admin.catalogueHint')}</p>
      <div className="table-scroll">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('admin.code')}</th>
              <th scope="col">{t('admin.nameZh')}</th>
              <th scope="col">{t('admin.nameEn')}</th>
              <th scope="col">{t('admin.kind')}</th>
              <th scope="col">{t('admin.measure')}</th>
              <th scope="col">{t('admin.bounds')}</th>
              <th scope="col">{t('unit.group')}</th>
            </tr>
          </thead>
          {cats.map((c) => (
            <tbody key={c}>
              <tr className="group-row">
                <th colSpan={7} scope="rowgroup">
                  {i.name({
                    nameZh: CATEGORY_LABELS[c as IndicatorCategory]?.zh ?? c,
                    nameEn: CATEGORY_LABELS[c as IndicatorCategory]?.en ?? c,
                  })}
                </th>
              </tr>
              {catalogue.data
                .filter((d) => d.category === c)
                .map((d) => (
                  <tr key={d.code}>
                    <td>
                      {/* The code files and imports use: an identifier, not text to translate. */}
                      <code translate="no">{d.code}</code>
                    </td>
                    <td lang="zh-CN">{d.nameZh}</td>
                    <td lang="en">{d.nameEn}</td>
                    <td className="nowrap">{t(`kind.${d.kind}`)}</td>
                    <td>{measureLabel(d.measure, i.lang)}</td>
                    <td className="small">
                      {t('admin.boundsText', { min: d.min, max: d.max ?? '∞' })}
                      {d.notAboveSumOf.length ? (
                        <div className="muted">
                          ≤ {d.notAboveSumOf.map((x) => indicatorLabel(x, i.lang, catalogue.data)).join(' + ')}
                        </div>
                      ) : null}
                    </td>
                    <td>{d.group ? t(`group.${d.group}`) : t('admin.allGroups')}</td>
                  </tr>
                ))}
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}
