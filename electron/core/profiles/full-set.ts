// What a profile's view reads from the full set it filters. The gateway's Aggregator satisfies
// it; declaring it here keeps profiles/ below the gateway, which serves these views (no cycle).
import type { Server } from '../sdk/server.js';
import type { Prompt, Resource, ResourceTemplate, Tool } from '../sdk/types.js';
import type { ToolInfo } from '../../../shared/types.js';
import type { ForwardOptions } from '../wire/forward-options.js';
import type { ForwardRequest, RouteKind, Routed } from '../wire/route.js';

/** The child that owns a routed name or URI. */
interface Owner {
  serverId: string;
}

/** The tool index as a profile reads it (gateway/indexes.ts builds it). */
export interface ProfileToolIndex {
  /** Every tool, disabled ones included. */
  infos: ToolInfo[];
  /** Enabled tools under their public names. */
  publicTools: Tool[];
  /** Tools pinning hides until reviewed, by public name. */
  quarantined: ReadonlyMap<string, ToolInfo>;
}

/** `Peers` is the full set's peer bridge, passed through unchanged to the gateway's sessions. */
export interface FullSet<Peers = unknown> {
  readonly peers: Peers;
  toolIndex(): Promise<ProfileToolIndex>;
  resourceIndex(): Promise<{
    resources: Resource[];
    templates: ResourceTemplate[];
    uriOwner: ReadonlyMap<string, Owner>;
    templateOwners: readonly Owner[];
  }>;
  promptIndex(): Promise<{ publicPrompts: Prompt[]; byName: ReadonlyMap<string, Owner> }>;
  /** Which child serves a public name, or the refusal (the pipeline's one routing function). */
  route(kind: RouteKind, name: string, cancel?: { readonly signal?: AbortSignal }): Routed | Promise<Routed>;
  /** The forwarding pipeline, which a profile's requests go through with the profile as their view. */
  readonly pipeline: { forward(request: ForwardRequest, ctx: ForwardOptions & { view: object }): Promise<unknown> };
  listResources(): Promise<Resource[]>;
  listResourceTemplates(): Promise<ResourceTemplate[]>;
  subscribe(server: Server, uri: string): Promise<void>;
  unsubscribe(server: Server, uri: string): Promise<void>;
  listPrompts(): Promise<Prompt[]>;
  childCapabilities(): { logging: boolean; subscribe: boolean; completions: boolean; tasks?: boolean };
}
