/** How the directory names platforms (their makers' casing, the same in every language). */
export const PLATFORM_NAMES: Record<string, string> = {
  ios: 'iOS',
  ipados: 'iPadOS',
  macos: 'macOS',
  windows: 'Windows',
};

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** A platform as typed in a CSV file ("iPadOS", "ipados", "macOS"), or null. */
export function platformFromText(text: string): string | null {
  const code = text.trim().toLowerCase().replace(/\s+/g, '');
  return code in PLATFORM_NAMES ? code : null;
}
