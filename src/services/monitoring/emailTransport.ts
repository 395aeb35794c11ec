/**
 * Notification e-mail, the wire: nodemailer's SMTP transport on the operator's server
 * (ALLOT_SMTP_URL), with timeouts so a server that stops answering fails an attempt instead of
 * holding it, no file or URL access from message content, and no logging of its own. Its
 * errors are described without the password in any form it is sent in (R-S4).
 */
import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../config.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same digest keeps the same ID, so a mail system can drop a repeat. */
  messageId: string;
}

export interface EmailTransport {
  /** Resolves once the SMTP server accepted the message; rejects otherwise. */
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

export function createEmailTransport(smtp: SmtpConfig): EmailTransport {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTls,
    ...(smtp.user !== null && { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(email) {
      await transport.sendMail({
        from: smtp.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
      });
    },
    close: () => transport.close(),
  };
}

/** The forms the password travels in: itself, and AUTH PLAIN's and AUTH LOGIN's base64. */
function secretForms(smtp: SmtpConfig): string[] {
  if (smtp.password === null || smtp.password === '') return [];
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [
    smtp.password,
    encodeURIComponent(smtp.password),
    b64(smtp.password),
    b64(`\u0000${smtp.user ?? ''}\u0000${smtp.password}`),
  ];
}

/**
 * Why a send failed, for the recipient's `lastError` and the log: the SMTP server's code and
 * answer or the network error, at most 300 characters, with the password taken out.
 */
export function describeSmtpError(error: unknown, smtp: SmtpConfig): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
  };
  const parts = [
    typeof e.code === 'string' ? e.code : null,
    typeof e.responseCode === 'number' ? String(e.responseCode) : null,
    typeof e.message === 'string' ? e.message : String(error),
  ].filter((p): p is string => p !== null);
  let text = parts.join(' ').replace(/\s+/g, ' ');
  for (const secret of secretForms(smtp)) text = text.split(secret).join('[redacted]');
  return text.slice(0, 300);
}
