/**
 * XML property lists as MDM traffic carries them (reference mdm-bridge.md §1, §3), read and
 * written without a DOM. The `plist` package builds a DOM (xmldom) for every plist, which cost
 * more than the rest of an MDM event's handling; these read and write the plain form that devices,
 * NanoMDM and Allot exchange, with exactly the `plist` package's results, and hand anything else
 * (comments, CDATA, attributes, line feeds as CR, `<null/>`, a missing value, a malformed
 * document…) to the `plist` package, whose answer — its value or its error — stands.
 */
import { build, parse, type PlistValue } from 'plist';

/** Parses an XML plist: the same value, or the same error, as the `plist` package's `parse`. */
export function parsePlistXml(xml: string): PlistValue {
  const fast = readDocument(xml);
  return fast === FALLBACK ? parse(xml) : fast;
}

/** Builds an XML plist: the same text as the `plist` package's `build`. */
export function buildPlistXml(value: PlistValue): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', DOCTYPE, '<plist version="1.0">'];
  if (!writeValue(value, '  ', lines)) return build(value);
  lines.push('</plist>');
  return lines.join('\n');
}

const DOCTYPE =
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">';

/** "Not in the plain form": the `plist` package decides. */
const FALLBACK: unique symbol = Symbol('fallback');
type Read = PlistValue | typeof FALLBACK;

const MAX_DEPTH = 64;

/** Text the `plist` package (xmlbuilder) writes as is, escaping only &, < and >. */
const PLAIN_TEXT = /^[\t\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]*$/;

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Appends the lines of one value; false when the `plist` package must write it instead. */
function writeValue(value: PlistValue, indent: string, lines: string[]): boolean {
  if (typeof value === 'string') {
    if (!PLAIN_TEXT.test(value)) return false;
    lines.push(
      value === '' ? `${indent}<string/>` : `${indent}<string>${escapeText(value)}</string>`,
    );
    return true;
  }
  if (typeof value === 'number') {
    lines.push(
      value % 1 === 0
        ? `${indent}<integer>${value.toString()}</integer>`
        : `${indent}<real>${value.toString()}</real>`,
    );
    return true;
  }
  if (typeof value === 'boolean') {
    lines.push(`${indent}<${value ? 'true' : 'false'}/>`);
    return true;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      lines.push(`${indent}<array/>`);
      return true;
    }
    lines.push(`${indent}<array>`);
    for (const item of value) {
      // The package skips undefined items and writes null as nothing at all: its business.
      if (item === undefined || item === null) return false;
      if (!writeValue(item, `${indent}  `, lines)) return false;
    }
    lines.push(`${indent}</array>`);
    return true;
  }
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return false;
    lines.push(`${indent}<date>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</date>`);
    return true;
  }
  if (ArrayBuffer.isView(value)) {
    if (value.byteLength === 0) return false;
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    lines.push(`${indent}<data>${base64}</data>`);
    return true;
  }
  if (value instanceof ArrayBuffer) return false;
  const start = lines.length;
  lines.push(`${indent}<dict>`);
  let entries = 0;
  const record = value as Record<string, PlistValue | undefined | null>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const item = record[key];
    if (item === undefined || item === null) continue;
    if (!PLAIN_TEXT.test(key)) return false;
    lines.push(key === '' ? `${indent}  <key/>` : `${indent}  <key>${escapeText(key)}</key>`);
    if (!writeValue(item, `${indent}  `, lines)) return false;
    entries += 1;
  }
  if (entries === 0) {
    lines.length = start;
    lines.push(`${indent}<dict/>`);
    return true;
  }
  lines.push(`${indent}</dict>`);
  return true;
}

/** A cursor over the document; every reader returns FALLBACK at the first surprise. */
class Reader {
  at = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    const text = this.text;
    let at = this.at;
    for (;;) {
      const c = text.charCodeAt(at);
      if (c !== 0x20 && c !== 0x0a && c !== 0x09) break;
      at += 1;
    }
    this.at = at;
  }

  take(literal: string): boolean {
    if (!this.text.startsWith(literal, this.at)) return false;
    this.at += literal.length;
    return true;
  }
}

function readDocument(xml: string): Read {
  const r = new Reader(xml);
  if (r.take('<?xml')) {
    const end = xml.indexOf('?>', r.at);
    if (end < 0 || /[<>]/.test(xml.slice(r.at, end))) return FALLBACK;
    r.at = end + 2;
    r.skipSpace();
  }
  if (r.take('<!DOCTYPE')) {
    const end = xml.indexOf('>', r.at);
    if (end < 0 || /[<[]/.test(xml.slice(r.at, end))) return FALLBACK;
    r.at = end + 1;
    r.skipSpace();
  }
  if (!r.take('<plist')) return FALLBACK;
  const close = xml.indexOf('>', r.at);
  if (close < 0) return FALLBACK;
  const attributes = xml.slice(r.at, close);
  if (attributes !== '' && !/^[ \t\n][^<>/]*$/.test(attributes)) return FALLBACK;
  r.at = close + 1;
  r.skipSpace();
  const value = readValue(r, 0);
  if (value === FALLBACK) return FALLBACK;
  r.skipSpace();
  if (!r.take('</plist>')) return FALLBACK;
  r.skipSpace();
  return r.at === xml.length ? value : FALLBACK;
}

/** The text of an element up to its closing tag, entities decoded. */
function readText(r: Reader, name: string, plain: boolean): string | typeof FALLBACK {
  const text = r.text;
  const end = text.indexOf('<', r.at);
  if (end < 0) return FALLBACK;
  const raw = text.slice(r.at, end);
  r.at = end;
  if (!r.take(`</${name}>`)) return FALLBACK;
  if (!PLAIN_TEXT.test(raw) || raw.includes(']]>')) return FALLBACK;
  if (!raw.includes('&')) return raw;
  if (plain) return FALLBACK;
  let failed = false;
  const decoded = raw.replace(/&([^;&]*);?/g, (match, entity: string) => {
    if (!match.endsWith(';')) failed = true;
    switch (entity) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = /^#[0-9]{1,7}$/.test(entity)
          ? Number(entity.slice(1))
          : /^#x[0-9a-fA-F]{1,6}$/.test(entity)
            ? Number.parseInt(entity.slice(2), 16)
            : NaN;
        const legal =
          code === 0x09 ||
          code === 0x0a ||
          (code >= 0x20 && code <= 0xd7ff) ||
          (code >= 0xe000 && code <= 0xfffd) ||
          (code >= 0x10000 && code <= 0x10ffff);
        if (!legal) {
          failed = true;
          return '';
        }
        return String.fromCodePoint(code);
      }
    }
  });
  return failed ? FALLBACK : decoded;
}

/** One element: `<name>` or `<name/>`, its name read; null when it is not a plain tag. */
function readOpenTag(r: Reader): { name: string; empty: boolean } | null {
  const text = r.text;
  if (text.charCodeAt(r.at) !== 0x3c) return null;
  const end = text.indexOf('>', r.at);
  if (end < 0) return null;
  const inner = text.slice(r.at + 1, end);
  const empty = inner.endsWith('/');
  const name = empty ? inner.slice(0, -1) : inner;
  if (!/^[a-z]+$/.test(name)) return null;
  r.at = end + 1;
  return { name, empty };
}

function readValue(r: Reader, depth: number): Read {
  if (depth > MAX_DEPTH) return FALLBACK;
  const tag = readOpenTag(r);
  if (tag === null) return FALLBACK;
  const { name, empty } = tag;
  switch (name) {
    case 'dict':
      return empty ? {} : readDict(r, depth);
    case 'array':
      return empty ? [] : readArray(r, depth);
    case 'true':
    case 'false':
      return empty ? name === 'true' : FALLBACK;
    case 'string': {
      if (empty) return '';
      return readText(r, name, false);
    }
    case 'integer':
    case 'real':
    case 'date': {
      if (empty) return FALLBACK;
      const text = readText(r, name, true);
      if (text === FALLBACK || text === '') return FALLBACK;
      if (name === 'integer') return Number.parseInt(text, 10);
      if (name === 'real') return Number.parseFloat(text);
      return new Date(text);
    }
    case 'data': {
      if (empty) return FALLBACK;
      const text = readText(r, name, true);
      if (text === FALLBACK) return FALLBACK;
      let binary: string;
      try {
        binary = atob(text.replace(/\s+/g, ''));
      } catch {
        return FALLBACK;
      }
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
      return bytes;
    }
    default:
      return FALLBACK;
  }
}

function readDict(r: Reader, depth: number): Read {
  const dict: Record<string, PlistValue> = {};
  for (;;) {
    r.skipSpace();
    if (r.take('</dict>')) return dict;
    let key: string | typeof FALLBACK;
    if (r.take('<key>')) key = readText(r, 'key', true);
    else if (r.take('<key/>')) key = '';
    else return FALLBACK;
    if (key === FALLBACK || key === '__proto__') return FALLBACK;
    r.skipSpace();
    if (r.text.startsWith('</dict>', r.at) || r.text.startsWith('<key', r.at)) return FALLBACK;
    const value = readValue(r, depth + 1);
    if (value === FALLBACK) return FALLBACK;
    dict[key] = value;
  }
}

function readArray(r: Reader, depth: number): Read {
  const array: PlistValue[] = [];
  for (;;) {
    r.skipSpace();
    if (r.take('</array>')) return array;
    if (r.text.startsWith('<key', r.at)) return FALLBACK;
    const value = readValue(r, depth + 1);
    if (value === FALLBACK) return FALLBACK;
    array.push(value);
  }
}
