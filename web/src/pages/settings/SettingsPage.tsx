/**
 * Settings: API tokens, webhooks, spaces, MDM connectors, single sign-on roles and notification
 * e-mail, one tab each, the tab in the URL (`?tab=`). A tab the role cannot use is not shown;
 * one it may only read has no write buttons (the API refuses them anyway).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SignInConfig } from '../../api/types.js';
import { PageTitle } from '../../components/Section.js';
import { Tabs, type TabItem } from '../../components/Tabs.js';
import { useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { ApiTokensTab } from './ApiTokensTab.js';
import { EmailRecipientsTab } from './EmailRecipientsTab.js';
import { MdmConnectorsTab } from './MdmConnectorsTab.js';
import { RoleMappingsTab } from './RoleMappingsTab.js';
import { SpacesTab } from './SpacesTab.js';
import { WebhooksTab } from './WebhooksTab.js';
import './settings.css';

export type SettingsTab = 'tokens' | 'webhooks' | 'spaces' | 'mdm' | 'sso' | 'email';

/** Whether this Allot signs people in through an OpenID Connect provider (R-I3). */
function useSignInConfig(): SignInConfig | undefined {
  return useQuery({
    queryKey: ['auth', 'config'],
    queryFn: async ({ signal }) => {
      const response = await fetch('/auth/config', {
        signal,
        headers: { accept: 'application/json' },
      });
      if (!response.ok) return { singleSignOn: false, provider: null };
      return (await response.json()) as SignInConfig;
    },
    staleTime: Infinity,
  }).data;
}

function useVisibleTabs(signIn: SignInConfig | undefined): Array<TabItem<SettingsTab>> {
  const { t } = useTranslation('settings');
  const { can } = useSession();
  const tabs: Array<TabItem<SettingsTab>> = [
    { key: 'tokens', label: t('tabs.tokens') },
    { key: 'webhooks', label: t('tabs.webhooks') },
    { key: 'spaces', label: t('tabs.spaces') },
    { key: 'mdm', label: t('tabs.mdm') },
  ];
  // The mappings are the tenant administrators' alone (GET answers 403 to anyone else).
  if (signIn?.singleSignOn === true && can('tenant:admin'))
    tabs.push({ key: 'sso', label: t('tabs.sso') });
  tabs.push({ key: 'email', label: t('tabs.email') });
  return tabs;
}

function TabContent({ tab, signIn }: { tab: SettingsTab; signIn: SignInConfig | undefined }) {
  switch (tab) {
    case 'tokens':
      return <ApiTokensTab />;
    case 'webhooks':
      return <WebhooksTab />;
    case 'spaces':
      return <SpacesTab />;
    case 'mdm':
      return <MdmConnectorsTab />;
    case 'sso':
      return <RoleMappingsTab provider={signIn?.provider ?? null} />;
    case 'email':
      return <EmailRecipientsTab />;
  }
}

export function SettingsPage() {
  const { t } = useTranslation('settings');
  const signIn = useSignInConfig();
  const tabs = useVisibleTabs(signIn);
  const [param, setParam] = useQueryParam('tab');
  const selected = tabs.find((tab) => tab.key === param)?.key ?? tabs[0]!.key;
  return (
    <>
      <PageTitle subtitle={t('subtitle')}>{t('title')}</PageTitle>
      <Tabs label={t('tabs.label')} tabs={tabs} selected={selected} onSelect={setParam}>
        <TabContent tab={selected} signIn={signIn} />
      </Tabs>
    </>
  );
}
