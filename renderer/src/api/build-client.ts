// Builds a ControlClient from one generic `invoke` function. The method list comes from
// CONTROL_METHODS so a new contract method appears in every transport without hand edits.
import { CONTROL_METHODS } from '../../../shared/contract.js';
import type { ControlApi, ControlClient, ControlEventListener, ControlMethod } from '../../../shared/contract.js';
import type { Result } from '../../../shared/errors.js';

export type Invoke = (method: ControlMethod, args: unknown[]) => Promise<Result<unknown>>;
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';
export type ControlTransportKind = 'http' | 'ipc';

/** A ControlClient plus what the UI wants to know about the pipe itself. */
export interface TransportClient extends ControlClient {
  readonly transport: ControlTransportKind;
  /** Called on every change of the push channel; returns an unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** Drop trailing `undefined`s so optional arguments stay absent instead of becoming null in JSON. */
function trimArgs(args: unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}

export function buildControlClient(
  transport: ControlTransportKind,
  invoke: Invoke,
  subscribe: (listener: ControlEventListener) => () => void,
  onConnection: TransportClient['onConnection'],
): TransportClient {
  const methods: Record<string, (...args: unknown[]) => Promise<Result<unknown>>> = {};
  for (const method of CONTROL_METHODS) {
    methods[method] = (...args: unknown[]) => invoke(method, trimArgs(args));
  }
  return { ...(methods as unknown as ControlApi), transport, subscribe, onConnection };
}
