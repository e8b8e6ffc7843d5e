// Shared plumbing for slices: the client every action talks to, and how failures surface.
import type { Result } from '../../../shared/errors.js';
import type { StateCreator } from 'zustand/vanilla';
import type { TransportClient } from '../api/build-client.js';
import type { AppState } from '../store.js';

export type SliceCreator<T> = (client: TransportClient) => StateCreator<AppState, [], [], T>;

/** Unwraps a Result; on failure shows a toast and returns undefined. */
export function unwrap<T>(get: () => AppState, result: Result<T>, what: string): T | undefined {
  if (result.ok) return result.value;
  // A rejected token is shown once by the token gate, not as one toast per request.
  if (result.error.code === 'UNAUTHORIZED') return undefined;
  get().pushToast(`${what}: ${result.error.message}`, 'error');
  return undefined;
}

/** Request ids correlate chat chunks with their request; crypto is there in browsers and Node 20. */
export function newRequestId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
