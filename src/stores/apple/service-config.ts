/**
 * Apple's service config (limits, URLs), re-read about every 5 minutes as Apple advises. It
 * is the same for every token, so one cache can serve every connector of a deployment.
 */
import type { WireLimits, WireServiceConfig } from './wire-types.js';

/** Apple's published values, used for any limit the service config leaves out. */
export const APPLE_LIMITS: Readonly<WireLimits> = {
  maxAssets: 25,
  maxClientUserIds: 1000,
  maxSerialNumbers: 1000,
  maxRevokeClientUserIds: 100,
  maxRevokeSerialNumbers: 100,
  maxUsers: 100,
  maxNotificationLength: 512,
  maxMdmNameLength: 100,
  maxMdmIdLength: 100,
  maxMdmMetadataLength: 255,
  maxRequestPerSecond: 15,
};

export interface ServiceConfig {
  limits: WireLimits;
  urls: Record<string, string>;
}

function normalise(raw: WireServiceConfig): ServiceConfig {
  const limits: WireLimits = { ...APPLE_LIMITS };
  for (const key of Object.keys(limits) as Array<keyof WireLimits>) {
    const value = raw.limits?.[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) limits[key] = value;
  }
  return { limits, urls: { ...raw.urls } };
}

export class ServiceConfigCache {
  private value: { config: ServiceConfig; at: number } | null = null;
  private loading: Promise<ServiceConfig> | null = null;

  constructor(
    private readonly ttlMs = 5 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached config, reloaded when stale; a failed reload falls back to the stale copy. */
  async get(load: () => Promise<WireServiceConfig>): Promise<ServiceConfig> {
    const cached = this.value;
    if (cached && this.now() - cached.at < this.ttlMs) return cached.config;
    this.loading ??= load()
      .then((raw) => {
        const config = normalise(raw);
        this.value = { config, at: this.now() };
        return config;
      })
      .catch((error: unknown) => {
        if (cached) return cached.config;
        throw error;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
