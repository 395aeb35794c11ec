/**
 * PostgreSQL LISTEN for revoked API tokens. The database announces every deleted or changed
 * token on `allot_api_token_revoked` (a trigger, migration 0007) with `<schema>:<token hash>`;
 * each process forgets that token from its recently authenticated ones at once, so a deleted
 * token stops working on every process, not within 5 s. The listener holds one connection of
 * its own (LISTEN needs a session). When it loses it, tokens are forgotten wholesale (`onGap`)
 * and it reconnects: while it is down, the 5 s bound of the cache still holds.
 */
import pg from 'pg';

export const TOKEN_REVOKED_CHANNEL = 'allot_api_token_revoked';

export interface TokenRevocationOptions {
  databaseUrl: string;
  /** The schema Allot's tables are in; null for the connection's default. */
  schema: string | null;
  /** A token was deleted or changed: forget it. */
  onRevoked(tokenHash: string): void;
  /** Notifications may have been missed (connection lost or re-made): forget every token. */
  onGap(): void;
  onError?(error: unknown): void;
  /** First wait before reconnecting; doubles up to 30 s. */
  retryMs?: number;
}

export interface TokenRevocationListener {
  close(): Promise<void>;
}

const MAX_RETRY_MS = 30_000;

export async function listenForRevokedTokens(
  options: TokenRevocationOptions,
): Promise<TokenRevocationListener> {
  const firstRetryMs = options.retryMs ?? 500;
  let retryMs = firstRetryMs;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: options.databaseUrl,
      options: options.schema === null ? undefined : `-c search_path="${options.schema}"`,
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, null));
    try {
      await next.connect();
      const current = await next.query<{ schema: string }>('select current_schema() as schema');
      const schema = options.schema ?? current.rows[0]?.schema ?? 'public';
      next.on('notification', (message) => {
        const payload = message.payload ?? '';
        const at = payload.lastIndexOf(':');
        if (message.channel !== TOKEN_REVOKED_CHANNEL || payload.slice(0, at) !== schema) return;
        options.onRevoked(payload.slice(at + 1));
      });
      await next.query(`LISTEN ${TOKEN_REVOKED_CHANNEL}`);
    } catch (error) {
      next.removeAllListeners('end');
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    retryMs = firstRetryMs;
    // Whatever was deleted before LISTEN took effect was not heard.
    options.onGap();
  };

  const schedule = () => {
    if (closed || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      connect().catch((error: unknown) => {
        options.onError?.(error);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        schedule();
      });
    }, retryMs);
    timer.unref();
  };

  function lost(which: pg.Client, error: unknown): void {
    if (client !== which) return;
    client = null;
    options.onGap();
    if (error !== null) options.onError?.(error);
    which.removeAllListeners('end');
    which.end().catch(() => undefined);
    schedule();
  }

  try {
    await connect();
  } catch (error) {
    options.onError?.(error);
    schedule();
  }

  return {
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      const current = client;
      client = null;
      if (current !== null) {
        current.removeAllListeners('end');
        await current.end().catch(() => undefined);
      }
    },
  };
}
