// What the gateway offers its clients, in both eras (2025 `initialize`, 2026 `server/discover`): only what the
// view's connected children can serve (logging, resources.subscribe, completions). Handlers for all of it are
// always registered, so a child that joins later still works for clients that do not rely on the advertisement.
import type { GatewayView } from './view.js';
import { TASKS_EXTENSION } from '../sdk/task-requests.js';

export interface AdvertisedCapabilities {
  tools: { listChanged: true };
  resources: { listChanged: true; subscribe?: true };
  prompts: { listChanged: true };
  completions?: Record<string, never>;
  logging?: Record<string, never>;
  /** Tasks extension: advertised in server/discover when a child of the view advertises it (2026 front only). */
  extensions?: Record<string, Record<string, never>>;
}

/** `tasks`: the front can pass the Tasks extension through (only the 2026 front can). */
export function advertisedCapabilities(
  view: Pick<GatewayView, 'childCapabilities'>,
  opts: { tasks?: boolean } = {},
): AdvertisedCapabilities {
  const can = view.childCapabilities();
  const caps: AdvertisedCapabilities = {
    tools: { listChanged: true },
    resources: { listChanged: true, ...(can.subscribe ? { subscribe: true as const } : {}) },
    prompts: { listChanged: true },
  };
  if (can.completions) caps.completions = {};
  if (can.logging) caps.logging = {};
  if (opts.tasks && can.tasks) caps.extensions = { [TASKS_EXTENSION]: {} };
  return caps;
}
