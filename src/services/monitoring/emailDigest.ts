/**
 * Notification e-mail, the message: one digest holds a recipient's pending notifications,
 * newest last, as plain text and as simple HTML (every value escaped), each with its kind,
 * severity, subject, message, remedy and time.
 */
import type { EmailedNotification } from './emailQueue.js';

export interface DigestMessage {
  subject: string;
  text: string;
  html: string;
}

const SEVERITIES = ['alert', 'warning', 'info'] as const;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function subjectLine(items: readonly EmailedNotification[]): string {
  const counts = SEVERITIES.map(
    (s) => [s, items.filter((n) => n.severity === s).length] as const,
  ).filter(([, n]) => n > 0);
  const detail = counts.map(([s, n]) => plural(n, s)).join(', ');
  return `Allot: ${plural(items.length, 'notification')}${detail === '' ? '' : ` (${detail})`}`;
}

function subjectOf(n: EmailedNotification): string {
  return `${n.subject.type} ${n.subject.name ?? n.subject.id}`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function composeDigest(items: readonly EmailedNotification[]): DigestMessage {
  const text = [
    `${plural(items.length, 'notification')} since the last digest:`,
    '',
    ...items.flatMap((n) => [
      `[${n.severity}] ${n.kind}: ${subjectOf(n)}`,
      `  ${n.message}`,
      ...(n.remedy === null ? [] : [`  What to do: ${n.remedy}`]),
      `  When: ${n.createdAt}`,
      '',
    ]),
    'Every notification is also listed in the console and at GET /api/v1/notifications.',
  ].join('\n');
  const rows = items
    .map(
      (n) =>
        '<tr>' +
        [n.severity, n.kind, subjectOf(n), n.message, n.remedy ?? '', n.createdAt]
          .map((v) => `<td>${escapeHtml(v)}</td>`)
          .join('') +
        '</tr>',
    )
    .join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(plural(items.length, 'notification'))} since the last digest:</p>`,
    '<table border="1" cellpadding="4" cellspacing="0">',
    '<tr><th>Severity</th><th>Kind</th><th>Subject</th><th>Message</th><th>What to do</th><th>When</th></tr>',
    rows,
    '</table>',
    '<p>Every notification is also listed in the console and at GET /api/v1/notifications.</p>',
    '</body></html>',
  ].join('\n');
  return { subject: subjectLine(items), text, html };
}
