import { describe, expect, it } from 'vitest';
import { RuleViolationError, ValidationError } from '../../src/domain/errors.js';
import {
  encodeSToken,
  formatAppleDate,
  parseAppleDate,
  parseSToken,
  validateSToken,
} from '../../src/domain/stoken.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const file = (fields: Record<string, unknown>): string => b64(JSON.stringify(fields));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('sToken parsing', () => {
  const example = file({
    token: 'VGhpcy1pcy1vcGFxdWU=',
    expDate: '2027-03-01T10:00:00+0000',
    orgName: 'Example School',
  });

  it('R-T3: reads organisation and expiry from a .vpptoken file', () => {
    const token = parseSToken(example);
    expect(token).toEqual({
      raw: example,
      token: 'VGhpcy1pcy1vcGFxdWU=',
      organizationName: 'Example School',
      expiresAt: new Date('2027-03-01T10:00:00Z'),
    });
  });

  it('keeps the whole Base64 text as the Bearer value, without line breaks', () => {
    const wrapped = `  ${example.slice(0, 20)}\n${example.slice(20)}\r\n`;
    expect(parseSToken(wrapped).raw).toBe(example);
  });

  it.each([
    ['empty', ''],
    ['not Base64', 'not*base64!'],
    ['not JSON', b64('hello there')],
    ['a JSON array', b64('[1,2]')],
    ['no token', file({ expDate: '2027-03-01T10:00:00+0000', orgName: 'X' })],
    ['no orgName', file({ token: 't', expDate: '2027-03-01T10:00:00+0000' })],
    ['a bad expDate', file({ token: 't', expDate: 'next year', orgName: 'X' })],
    ['too long', 'A'.repeat(20_000)],
  ])('R-T3: refuses %s with INVALID_TOKEN', (_label, content) => {
    expect(() => parseSToken(content)).toThrow(ValidationError);
    expect(codeOf(() => parseSToken(content))).toBe('INVALID_TOKEN');
  });

  it('R-T3: refuses a token already expired with TOKEN_EXPIRED, at the time given', () => {
    const before = new Date('2027-02-28T10:00:00Z');
    const after = new Date('2027-03-01T10:00:01Z');
    expect(validateSToken(example, before).organizationName).toBe('Example School');
    expect(() => validateSToken(example, after)).toThrow(RuleViolationError);
    expect(codeOf(() => validateSToken(example, after))).toBe('TOKEN_EXPIRED');
  });

  it('round-trips through encodeSToken', () => {
    const expiresAt = new Date('2030-11-08T22:33:22Z');
    const raw = encodeSToken({ token: 'abc', organizationName: 'Org', expiresAt });
    expect(parseSToken(raw)).toMatchObject({ token: 'abc', organizationName: 'Org', expiresAt });
  });

  it("reads and writes Apple's date format", () => {
    expect(formatAppleDate(new Date('2030-11-08T22:33:22.456Z'))).toBe('2030-11-08T22:33:22+0000');
    expect(parseAppleDate('2030-11-08T22:33:22+0000')?.toISOString()).toBe(
      '2030-11-08T22:33:22.000Z',
    );
    expect(parseAppleDate('2030-11-08T23:33:22+01:00')?.toISOString()).toBe(
      '2030-11-08T22:33:22.000Z',
    );
    expect(parseAppleDate('2030-11-08T22:33:22Z')).not.toBeNull();
    expect(parseAppleDate('2030-11-08')).toBeNull();
  });
});
