/** The two CSV imports: users (email, displayName, space) and devices. */
import { withQuery } from '../../api/client.js';
import type { Page } from '../../api/types.js';
import {
  looksLikeEmail,
  spaceNamed,
  type CheckContext,
  type CsvRow,
  type ImportContext,
  type ImportSpec,
} from './csvImport.js';
import { platformFromText } from './labels.js';
import type { DirectoryUser } from './types.js';

const SERIAL = /^[A-Za-z0-9-]{1,64}$/;

function checkUser(row: CsvRow, { t, spaces }: CheckContext): string[] {
  const problems: string[] = [];
  const email = row.email ?? '';
  if (email === '') problems.push(t('import.required', { column: 'email' }));
  else if (!looksLikeEmail(email)) problems.push(t('import.badEmail', { value: email }));
  const name = row.displayName ?? '';
  if (name === '') problems.push(t('import.required', { column: 'displayName' }));
  else if (name.length > 200)
    problems.push(t('import.tooLong', { column: 'displayName', max: 200 }));
  const space = row.space ?? '';
  if (space !== '' && spaceNamed(spaces, space) === undefined) {
    problems.push(t('import.unknownSpace', { value: space }));
  }
  return problems;
}

export const USER_IMPORT: ImportSpec = {
  kind: 'users',
  columns: ['email', 'displayName', 'space'],
  uniqueColumn: 'email',
  template: 'email,displayName,space\nkim.lee@example.org,Kim Lee,\n',
  existsCodes: ['EMAIL_TAKEN'],
  check: checkUser,
  send: async (row, key, ctx) => {
    const space = row.space ? spaceNamed(ctx.spaces, row.space) : undefined;
    await ctx.post(
      '/users',
      {
        email: row.email,
        displayName: row.displayName,
        spaceId: space?.id ?? (ctx.defaultSpaceId || undefined),
      },
      key,
    );
  },
};

const TRUE = ['true', 'yes', '1', 'oui', 'vrai'];
const FALSE = ['false', 'no', '0', 'non', 'faux', ''];

function sharedOf(text: string | undefined): boolean | null {
  const value = (text ?? '').toLowerCase();
  if (TRUE.includes(value)) return true;
  return FALSE.includes(value) ? false : null;
}

function checkDevice(row: CsvRow, { t }: CheckContext): string[] {
  const problems: string[] = [];
  const serial = row.serialNumber ?? '';
  if (serial === '') problems.push(t('import.required', { column: 'serialNumber' }));
  else if (!SERIAL.test(serial)) problems.push(t('import.badSerial', { value: serial }));
  const platform = row.platform ?? '';
  if (platform === '') problems.push(t('import.required', { column: 'platform' }));
  else if (platformFromText(platform) === null)
    problems.push(t('import.badPlatform', { value: platform }));
  if ((row.name ?? '').length > 200)
    problems.push(t('import.tooLong', { column: 'name', max: 200 }));
  const owner = row.primaryUserEmail ?? '';
  if (owner !== '' && !looksLikeEmail(owner)) problems.push(t('import.badEmail', { value: owner }));
  if (sharedOf(row.shared) === null) problems.push(t('import.badShared', { value: row.shared }));
  return problems;
}

/** The ID of the user with this e-mail in the space, or an error the row shows. */
async function userIdByEmail(email: string, ctx: ImportContext): Promise<string> {
  const page = await ctx.get<Page<DirectoryUser>>(
    withQuery('/users', { q: email, spaceId: ctx.defaultSpaceId, limit: 20 }),
  );
  const user = page.items.find((u) => u.email === email.toLowerCase());
  if (user === undefined) throw new Error(ctx.t('import.noSuchUser', { value: email }));
  return user.id;
}

export const DEVICE_IMPORT: ImportSpec = {
  kind: 'devices',
  columns: ['serialNumber', 'platform', 'name', 'primaryUserEmail', 'shared'],
  uniqueColumn: 'serialNumber',
  template:
    'serialNumber,platform,name,primaryUserEmail,shared\nDMPXK1234567,iPadOS,Reception iPad,,true\n',
  existsCodes: ['SERIAL_NUMBER_TAKEN'],
  check: checkDevice,
  send: async (row, key, ctx) => {
    const owner = row.primaryUserEmail ?? '';
    await ctx.post(
      '/devices',
      {
        serialNumber: row.serialNumber,
        platform: platformFromText(row.platform ?? ''),
        ...(row.name ? { name: row.name } : {}),
        ...(owner === '' ? {} : { primaryUserId: await userIdByEmail(owner, ctx) }),
        shared: sharedOf(row.shared) ?? false,
        spaceId: ctx.defaultSpaceId || undefined,
      },
      key,
    );
  },
};
