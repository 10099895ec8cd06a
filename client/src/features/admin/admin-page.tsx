/**
 * Administration, tabs by role (三员分立): the system administrator's units, bulk import, catalogue, scheme and
 * quarters; the security administrator's users; the audit administrator's audit log.
 */

import { ROLE_GROUPS, type Role } from '../../../../server/domain/names';
import { PageHeader } from '../../components/page-header';
import { TabPanel, Tabs } from '../../components/tabs';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { navigate } from '../../lib/router';
import type { PageProps } from '../../routes';
import { AuditTab } from './audit-tab';
import { CatalogueTab } from './catalogue-tab';
import { ImportTab } from './import-tab';
import { PeriodsTab } from './periods-tab';
import { SchemeTab } from './scheme-tab';
import { UnitsTab } from './units-tab';
import { UsersTab } from './users-tab';

type TabKey = 'users' | 'units' | 'import' | 'catalogue' | 'scheme' | 'periods' | 'audit';

const TABS: { key: TabKey; label: MessageKey; roles: readonly Role[] }[] = [
  { key: 'periods', label: 'admin.periods', roles: ROLE_GROUPS.leadership },
  { key: 'users', label: 'admin.users', roles: ROLE_GROUPS.security },
  { key: 'units', label: 'admin.units', roles: ROLE_GROUPS.admin },
  { key: 'import', label: 'admin.import', roles: ROLE_GROUPS.admin },
  { key: 'catalogue', label: 'admin.catalogue', roles: ROLE_GROUPS.admin },
  { key: 'scheme', label: 'admin.scheme', roles: ROLE_GROUPS.admin },
  { key: 'audit', label: 'admin.audit', roles: ROLE_GROUPS.audit },
];

export default function AdminPage({ params }: PageProps) {
  const { t } = useI18n();
  const me = useMe();
  const tabs = TABS.filter((x) => x.roles.includes(me.role));
  const tab = tabs.find((x) => x.key === params.tab)?.key ?? tabs[0]?.key ?? 'periods';
  return (
    <div className="page">
      <PageHeader title={t('admin.title')} />
      <Tabs
        idBase="admin"
        label={t('admin.title')}
        value={tab}
        onChange={(k) => navigate(`/admin/${k}`, { replace: true })}
        items={tabs.map((x) => ({ key: x.key, label: t(x.label) }))}
      />
      <TabPanel idBase="admin" active={tab}>
        {tab === 'users' ? <UsersTab /> : null}
        {tab === 'units' ? <UnitsTab /> : null}
        {tab === 'import' ? <ImportTab /> : null}
        {tab === 'catalogue' ? <CatalogueTab /> : null}
        {tab === 'scheme' ? <SchemeTab /> : null}
        {tab === 'periods' ? <PeriodsTab /> : null}
        {tab === 'audit' ? <AuditTab /> : null}
      </TabPanel>
    </div>
  );
}
