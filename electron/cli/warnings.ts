// Node's fetch adds one abort listener per request to the SDK client transport's long-lived
// signal and frees it when the request is garbage-collected, so a busy long-running client
// trips MaxListenersExceededWarning without leaking. Silence only that warning, only here.
export function quietFetchListenerWarning(): void {
  const original = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name === 'MaxListenersExceededWarning' && /abort listeners added to \[AbortSignal\]/.test(w.message)) return;
    for (const l of original) l(w);
  });
}
