/**
 * R-I3: the pages a person meets when sign-in cannot finish (a failed or replayed callback, a
 * provider that does not answer, no role mapped). Plain HTML, nothing of the console loaded.
 */
import type { FastifyReply } from 'fastify';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function sendSsoPage(
  reply: FastifyReply,
  page: { status: number; code: string; title: string; message: string },
): FastifyReply {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(page.title)} — Allot</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}
code{color:#666}a{color:#0b57d0}</style></head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
<p><a href="/auth/login">Sign in again</a> · <a href="/">Sign in with an API token</a></p>
<p><code data-error-code="${escapeHtml(page.code)}">${escapeHtml(page.code)}</code></p>
</body>
</html>
`;
  return reply
    .status(page.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    )
    .send(html);
}
