/** What is known about an account's connection, by store. */
import type { ReactNode } from 'react';
import type { Account } from '../../api/types.js';
import { AsOf, Time } from '../../components/Time.js';
import { daysUntil, formatCount, humanize } from '../../format.js';

export const STORE_NAMES: Record<string, string> = {
  apple: 'Apple Apps and Books',
  microsoft: 'Microsoft Store',
  isv: 'ISV subscription',
};

function Fact({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd title={title}>{children}</dd>
    </div>
  );
}

function TokenExpiry({ iso }: { iso: string | null }) {
  const days = iso === null ? null : daysUntil(iso);
  return (
    <span className={days !== null && days <= 30 ? 'warning-text' : undefined}>
      <Time iso={iso} dateOnly />
      {days !== null && days <= 30 && ` (${days < 0 ? 'expired' : `${days} days`})`}
    </span>
  );
}

function storeFacts(a: Account): ReactNode {
  if (a.store === 'microsoft') {
    return (
      <>
        <Fact label="Directory">{a.organizationName ?? a.tenantDirectoryId ?? '—'}</Fact>
        <Fact label="Domain">{a.locationName ?? '—'}</Fact>
        <Fact label="App names in">{a.language ?? '—'}</Fact>
        <Fact label="Client secret expires">
          <TokenExpiry iso={a.tokenExpiresAt} />
        </Fact>
      </>
    );
  }
  if (a.store === 'isv') {
    return (
      <>
        <Fact label="Publisher">{a.publisher ?? a.organizationName ?? '—'}</Fact>
        <Fact label="Seats">
          {a.seats === null || a.seats === undefined ? '—' : formatCount(a.seats)}
        </Fact>
        <Fact label="Bought through">
          {a.purchasedThrough === 'vendor'
            ? 'The vendor (contact them to change seats)'
            : a.purchasedThrough === 'marketplace'
              ? 'The marketplace'
              : '—'}
        </Fact>
      </>
    );
  }
  return (
    <>
      <Fact label="Organisation">{a.organizationName ?? '—'}</Fact>
      <Fact label="Location">{a.locationName ?? '—'}</Fact>
      <Fact label="Apple ID">{a.appleId ?? '—'}</Fact>
      <Fact label="Type">{a.accountType === null ? '—' : humanize(a.accountType)}</Fact>
      <Fact label="Token created">
        <Time iso={a.tokenCreatedAt} dateOnly />
      </Fact>
      <Fact label="Token expires">
        <TokenExpiry iso={a.tokenExpiresAt} />
      </Fact>
    </>
  );
}

export function AccountFacts({ account: a }: { account: Account }) {
  return (
    <dl className="facts">
      <Fact label="Store">{STORE_NAMES[a.store] ?? a.store}</Fact>
      {storeFacts(a)}
      <Fact label="Last sync">
        <AsOf iso={a.lastSyncAt} />
      </Fact>
      <Fact label="Next sync">
        <Time iso={a.nextSyncAt} />
      </Fact>
      <Fact label="Untracked licences" title="Licences another product assigned with this token">
        {formatCount(a.untrackedLicenses)}
      </Fact>
      {a.store === 'apple' && (
        <Fact label="Options">
          {a.autoDistributeToAllUsers ? 'All users by default' : 'No default distribution'}
          {a.clearPreviousLicenseData && ' · clears previous licence data'}
        </Fact>
      )}
    </dl>
  );
}
