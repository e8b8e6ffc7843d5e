// Where a fast-path request goes, through the session's view: the owning child and the name
// or URI the child knows. Only the plain, allowed case has a route; anything else (unknown or
// disabled names, names outside a profile, a discovery profile's meta-tools, a URI no child
// owns) gets `undefined`, and the request takes the SDK path, which answers with the error
// the view gives today. So the fast path can never be more permissive than the view.
import { isMetaTool } from '../profiles/discovery.js';
import { ProfileView } from '../profiles/profile-view.js';
import type { Aggregator } from './aggregator.js';
import type { GatewayView } from './view.js';

export interface Route {
  serverId: string;
  /** The child's own tool or prompt name, or its own resource URI. */
  target: string;
}

/** The profile a view applies, or null for the full set; undefined for a view the fast path does not know. */
function profileOf(view: GatewayView, aggregator: Aggregator): ProfileView | null | undefined {
  if (view === aggregator) return null;
  return view instanceof ProfileView ? view : undefined;
}

async function serverAllowed(profile: ProfileView | null, serverId: string): Promise<boolean> {
  if (!profile) return true;
  const { servers } = await profile.selection();
  return servers === null || servers.has(serverId);
}

export async function toolRoute(view: GatewayView, aggregator: Aggregator, name: string): Promise<Route | undefined> {
  const profile = profileOf(view, aggregator);
  if (profile === undefined) return undefined;
  if (profile) {
    if (profile.config.discovery && isMetaTool(name)) return undefined;
    if (!(await profile.selection()).byName.has(name)) return undefined;
  }
  const info = (await aggregator.toolIndex()).byName.get(name);
  if (!info || !info.enabled) return undefined;
  return { serverId: info.serverId, target: info.originalName };
}

export async function promptRoute(view: GatewayView, aggregator: Aggregator, name: string): Promise<Route | undefined> {
  const profile = profileOf(view, aggregator);
  if (profile === undefined) return undefined;
  const owner = (await aggregator.promptIndex()).byName.get(name);
  if (!owner || !(await serverAllowed(profile, owner.serverId))) return undefined;
  return { serverId: owner.serverId, target: owner.originalName };
}

export async function resourceRoute(view: GatewayView, aggregator: Aggregator, uri: string): Promise<Route | undefined> {
  const profile = profileOf(view, aggregator);
  if (profile === undefined) return undefined;
  let routed: Awaited<ReturnType<Aggregator['routeUri']>>;
  try {
    routed = await aggregator.routeUri(uri);
  } catch {
    return undefined; // unknown URI or its child not running: the SDK path words that error
  }
  if (!(await serverAllowed(profile, routed.route.serverId))) return undefined;
  return { serverId: routed.route.serverId, target: routed.route.uri };
}
