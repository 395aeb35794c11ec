import { describe, expect, it } from 'vitest';
import { build, parse, type PlistValue } from 'plist';
import { buildPlistXml, parsePlistXml } from '../../src/services/mdm/plistXml.js';

/** The `plist` package's answer: its value, or its error's message. */
function reference(xml: string): { value?: PlistValue; error?: string } {
  try {
    return { value: parse(xml) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function ours(xml: string): { value?: PlistValue; error?: string } {
  try {
    return { value: parsePlistXml(xml) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** A build's text, or its error's message. */
function built(write: (value: PlistValue) => string, value: PlistValue): string {
  try {
    return write(value);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const SAMPLES: PlistValue[] = [
  {
    MessageType: 'Authenticate',
    UDID: '00008110-000A1B2C3D4E5F60',
    SerialNumber: 'F9FZK0ABCDEF',
    ProductName: 'iPad13,1',
    OSVersion: '17.4',
    Topic: 'com.apple.mgmt.External.1234',
  },
  {
    CommandUUID: 'allot-0190f6b1-7c3a-7000-8000-000000000001',
    Command: {
      RequestType: 'InstallApplication',
      iTunesStoreID: 361309726,
      Options: { PurchaseMethod: 1 },
      ManagementFlags: 1,
      ChangeManagementState: 'Managed',
    },
  },
  {
    Status: 'Error',
    ErrorChain: [
      {
        ErrorCode: 9610,
        ErrorDomain: 'ASDErrorDomain',
        LocalizedDescription: 'License <not> found & "gone"',
      },
    ],
    Ratio: 0.25,
    Negative: -12,
    Yes: true,
    No: false,
    Empty: '',
    EmptyList: [],
    EmptyDict: {},
    Token: Buffer.from('push token bytes'),
    When: new Date('2026-06-01T09:15:02Z'),
    Nested: [[1, 2], { a: ['x'] }],
    Tabs: 'a\tb\nc',
    Words: new Uint16Array([1, 2, 3]) as unknown as Uint8Array,
  },
  'a bare string',
  [1, 'two', 3.5],
];

describe('XML plists without a DOM (R-I4 events and commands)', () => {
  it('builds the same text as the plist package', () => {
    for (const sample of SAMPLES) expect(buildPlistXml(sample)).toBe(build(sample));
    // Text the fast writer leaves to the package: a carriage return, an emoji, a null value.
    const odd = [
      { A: 'line\r\nbreak', B: 'iPad 🍎', C: null, D: new Uint8Array(0) },
      { E: new Date(NaN) },
    ] as unknown as PlistValue[];
    for (const value of odd) expect(built(buildPlistXml, value)).toBe(built(build, value));
  });

  it('reads the same values as the plist package', () => {
    for (const sample of SAMPLES) {
      const xml = build(sample);
      expect(ours(xml)).toEqual(reference(xml));
      const compact = xml.replace(/\n\s*/g, '');
      expect(ours(compact)).toEqual(reference(compact));
    }
  });

  it('gives malformed and unusual documents the plist package’s value or error', () => {
    const documents = [
      '',
      'not xml',
      '<plist></plist>',
      '<plist version="1.0"><dict><key>a</key></dict></plist>',
      '<plist><dict><key>a</key><key>b</key><string>x</string></dict></plist>',
      '<plist><dict><string>x</string></dict></plist>',
      '<plist><dict><key>a</key><string>x</dict></plist>',
      '<plist><dict><key>a</key><integer></integer></dict></plist>',
      '<plist><dict><key>a</key><integer> 12 </integer><key>b</key><real>1e3</real></dict></plist>',
      '<plist><dict><key>a</key><string>x &amp; &#65; &#x42; &lt;&gt;&quot;&apos;</string></dict></plist>',
      '<plist><dict><key>a</key><string>x &unknown; y</string></dict></plist>',
      '<plist><dict><key>a</key><string>x & y</string></dict></plist>',
      '<plist><dict><key>__proto__</key><string>x</string></dict></plist>',
      '<plist><dict><!-- note --><key>a</key><string>x</string></dict></plist>',
      '<plist><dict><key>a</key><string><![CDATA[<b>]]></string></dict></plist>',
      '<plist><dict><key>a</key><null/></dict></plist>',
      '<plist><dict><key>a</key><date>2026-06-01T09:15:02Z</date></dict></plist>',
      '<plist><dict><key>a</key><data>aGk=\n  aGk=</data></dict></plist>',
      '<plist><dict><key>a</key><data>!!!</data></dict></plist>',
      '<plist><dict><key>a</key><true></true></dict></plist>',
      '<plist><dict><key>a</key><bogus/></dict></plist>',
      '<plist><string>a</string><string>b</string></plist>',
      '<plist><dict/></plist> trailing',
      '<?xml version="1.0"?><plist><dict><key>a</key><string>b</string></dict></plist>',
      '\uFEFF<plist><dict/></plist>',
      '<plist>\r\n<dict/></plist>',
      '{ a = b; }',
    ];
    for (const xml of documents) expect(ours(xml), xml).toEqual(reference(xml));
  });
});
