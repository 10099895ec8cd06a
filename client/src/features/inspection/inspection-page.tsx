/** Inspection: findings, the submissions waiting for verification, overdue rectifications, confirmations, commendations. */
import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '../../components/page-header';
import { TabPanel, Tabs } from '../../components/tabs';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { useSearchParam } from '../../lib/router';
import { trpc } from '../../lib/trpc';
import { CommendationForm } from './commendation-form';
import { FindingForm } from './finding-form';
import { FindingsTab } from './findings-tab';
import { PendingTab } from './pending-tab';

type TabKey = 'findings' | 'new' | 'pending' | 'overdue' | 'confirm' | 'commend';

export default function InspectionPage() {
  const { t } = useI18n();
  const me = useMe();
  const [tabParam, setTab] = useSearchParam('tab');
  const isInspector = me.role === 'inspector' || me.role === 'admin';
  const pending = useQuery({ ...trpc.entry.pending.queryOptions({}), enabled: isInspector });
  const available: { key: TabKey; label: MessageKey }[] = [
    { key: 'findings', label: me.role === 'unit' ? 'inspection.myFindings' : 'inspection.findings' },
    ...(isInspector ? [{ key: 'new' as const, label: 'inspection.newFinding' as const }] : []),
    ...(isInspector ? [{ key: 'pending' as const, label: 'inspection.pending' as const }] : []),
    { key: 'overdue', label: 'inspection.overdue' },
    ...(isInspector ? [{ key: 'confirm' as const, label: 'inspection.confirm' as const }] : []),
    ...(isInspector ? [{ key: 'commend' as const, label: 'inspection.commend' as const }] : []),
  ];
  const tab: TabKey = available.find((a) => a.key === tabParam)?.key ?? 'findings';

  return (
    <div className="page">
      <PageHeader
        title={t('inspection.title')}
        subtitle={
          me.role === 'unit'
            ? t('inspection.unitSubtitle')
            : me.role === 'leadership'
              ? t('inspection.readOnly')
              : undefined
        }
      />
      <Tabs
        idBase="insp"
        label={t('inspection.title')}
        value={tab}
        onChange={(k) => setTab(k)}
        items={available.map((a) => ({
          key: a.key,
          label: a.key === 'pending' && pending.data?.length ? `${t(a.label)} (${pending.data.length})` : t(a.label),
        }))}
      />
      <TabPanel idBase="insp" active={tab}>
        {tab === 'findings' ? <FindingsTab mode="all" /> : null}
        {tab === 'new' ? <FindingForm /> : null}
        {tab === 'pending' ? <PendingTab /> : null}
        {tab === 'overdue' ? <FindingsTab mode="overdue" /> : null}
        {tab === 'confirm' ? <FindingsTab mode="confirm" /> : null}
        {tab === 'commend' ? <CommendationForm /> : null}
      </TabPanel>
    </div>
  );
}
