/**
 * The API token of this browser tab. sessionStorage: it survives a reload, dies with the tab,
 * and never travels in a URL.
 */
const KEY = 'allot.token';

export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
