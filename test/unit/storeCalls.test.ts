import { describe, expect, it } from 'vitest';
import { storeCallFor } from '../../src/services/outbox/storeCalls.js';

const user = { licenseType: 'user', serialNumber: null, subjectId: 'user-1' };
const device = { licenseType: 'device', serialNumber: 'SN1', subjectId: 'device-1' };
const product = (store: string, licenseModel = 'standard') => ({
  store,
  storeProductId: store === 'microsoft' ? '9WZDNCRFJ3PZ/0016' : '361309726',
  pricingParam: store === 'apple' ? 'STDQ' : '',
  licenseModel,
});

describe('the store call mirroring a licence, per store', () => {
  it('R-V8: Apple knows users by clientUserId (the Allot ID) and devices by serial number', () => {
    expect(storeCallFor(user, product('apple'), 'associate', 'ana@contoso.com')).toEqual({
      operation: 'associate',
      storeProductId: '361309726',
      pricingParam: 'STDQ',
      clientUserId: 'user-1',
    });
    expect(storeCallFor(device, product('apple'), 'disassociate')).toMatchObject({
      serialNumber: 'SN1',
    });
  });

  it('R-T11: the Microsoft Store knows users by UPN and holds online seats only', () => {
    expect(
      storeCallFor(user, product('microsoft', 'online'), 'associate', 'ana@contoso.com'),
    ).toEqual({
      operation: 'associate',
      storeProductId: '9WZDNCRFJ3PZ/0016',
      clientUserId: 'ana@contoso.com',
    });
    expect(
      storeCallFor(user, product('microsoft', 'offline'), 'associate', 'ana@contoso.com'),
    ).toBeNull();
    expect(storeCallFor(device, product('microsoft', 'offline'), 'associate')).toBeNull();
  });

  it('R-T12: ISV subscriptions have no store call', () => {
    expect(storeCallFor(user, product('isv'), 'associate', 'ana@contoso.com')).toBeNull();
  });
});
