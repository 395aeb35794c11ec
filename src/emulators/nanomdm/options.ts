/** Options of the NanoMDM emulator, and their defaults. */

/** Which NanoMDM storage backend's answers to give where they differ (reference §3). */
export type NanoMdmBackend = 'kv' | 'sql';

export interface AutoAnswerOptions {
  /** How long a woken device waits before it fetches and answers its commands. Default 20 ms. */
  delayMs?: number;
  /**
   * How long an acknowledged InstallApplication stays `Installing` before the app is `Managed`.
   * 0 (default): the acknowledgement already says `State: Managed`.
   */
  installDelayMs?: number;
}

export interface NanoMdmEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The `-api` key: Basic password of the enqueue and push API. Default: random. */
  apiKey?: string;
  /** Basic user name: `nanomdm` (default), or `nanohub` as NanoHUB has it. */
  apiUser?: string;
  /**
   * Where the enqueue and push handlers are mounted: `/v1` (default, NanoMDM) or
   * `/api/v1/nanomdm` (NanoHUB).
   */
  apiPrefix?: string;
  /** `-webhook-url`: where events are posted; none (default) sends no events. */
  webhookUrl?: string;
  /** `-webhook-hmac-key`: signs every event with `X-Hmac-Signature` when set. */
  webhookSecret?: string;
  /** `kv` (default; NanoMDM's file/inmem/KV storage) or `sql` (MySQL / PostgreSQL). */
  backend?: NanoMdmBackend;
  /** Every pushed device answers its commands by itself (`true` = default timings). */
  autoAnswer?: boolean | AutoAnswerOptions;
  /** Send an `Idle` result at the start of each device session, as devices do. Default true. */
  idleEvents?: boolean;
  /**
   * Commands per second the API accepts; requests beyond it wait their turn (NanoMDM has no
   * rate limit: this models its throughput). 0 or Infinity (default): no limit.
   */
  maxCommandsPerSecond?: number;
  /** The clock of `created_at` (epoch ms). Default Date.now. */
  now?: () => number;
  /** bundle id of an adamId, for InstallApplication by iTunesStoreID (the ack's `Identifier`). */
  bundleIds?: Record<string, string>;
}

export interface ResolvedOptions {
  apiKey: string;
  apiUser: string;
  apiPrefix: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
  backend: NanoMdmBackend;
  autoAnswer: Required<AutoAnswerOptions> | null;
  idleEvents: boolean;
  maxCommandsPerSecond: number;
  now: () => number;
  bundleIds: Map<string, string>;
}

export function resolveAutoAnswer(
  value: boolean | AutoAnswerOptions | undefined,
): Required<AutoAnswerOptions> | null {
  if (value === undefined || value === false) return null;
  const options = value === true ? {} : value;
  return {
    delayMs: Math.max(0, options.delayMs ?? 20),
    installDelayMs: Math.max(0, options.installDelayMs ?? 0),
  };
}

export function resolveOptions(
  options: NanoMdmEmulatorOptions,
  randomKey: string,
): ResolvedOptions {
  const rate = options.maxCommandsPerSecond ?? 0;
  return {
    apiKey: options.apiKey ?? randomKey,
    apiUser: options.apiUser ?? 'nanomdm',
    apiPrefix: (options.apiPrefix ?? '/v1').replace(/\/+$/, ''),
    webhookUrl: options.webhookUrl ?? null,
    webhookSecret: options.webhookSecret ?? null,
    backend: options.backend ?? 'kv',
    autoAnswer: resolveAutoAnswer(options.autoAnswer),
    idleEvents: options.idleEvents ?? true,
    maxCommandsPerSecond: rate > 0 ? rate : Infinity,
    now: options.now ?? Date.now,
    bundleIds: new Map(Object.entries(options.bundleIds ?? {})),
  };
}
