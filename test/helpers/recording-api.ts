// A ControlApi that records each call and answers ok: for testing the transports' boundaries,
// where the question is what reaches the core, not what the core does with it.
import { CONTROL_METHODS, type ControlApi, type ControlMethod } from '../../shared/contract.js';

export function recordingApi(): { api: ControlApi; calls: Array<{ method: ControlMethod; args: unknown[] }> } {
  const calls: Array<{ method: ControlMethod; args: unknown[] }> = [];
  const api = Object.fromEntries(
    CONTROL_METHODS.map((method) => [
      method,
      async (...args: unknown[]) => {
        calls.push({ method, args });
        return { ok: true, value: null };
      },
    ]),
  ) as unknown as ControlApi;
  return { api, calls };
}
