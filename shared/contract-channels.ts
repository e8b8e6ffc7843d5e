// Where the control API travels. Apart from contract.ts so the preload bundle carries these
// names without the contract's zod schemas.

/** HTTP mapping used by `serve`: POST {prefix}/{method} with body {args: [...]}; SSE at {prefix}/events. */
export const HTTP_API_PREFIX = '/api';
/** IPC channel names used by Electron. */
export const IPC_INVOKE_PREFIX = 'control:';
export const IPC_EVENT_CHANNEL = 'control:event';
