const KEY = 'minhos.token';

type Listener = (token: string | null) => void;
const listeners = new Set<Listener>();

/** The access token entered in this tab (kept in sessionStorage: gone when the tab closes). */
export function getToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Stores (or, with null, forgets) the access token for this tab. */
export function setToken(token: string | null): void {
  if (token === null || token.trim() === '') sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, token.trim());
  for (const l of listeners) l(getToken());
}

/** Calls `listener` when the token changes; returns the unsubscribe function. */
export function onToken(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
