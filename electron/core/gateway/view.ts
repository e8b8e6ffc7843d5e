// What a session sees: the Aggregator (the full set at /mcp) or a profile's filtered view of it
// (/mcp/<name>). The pipeline (forward.ts) lists from it and asks it route(): the one place that
// decides which child serves a public name, and refuses what the view does not serve.
import type { Server } from '../sdk/server.js';
import type { Prompt, Resource, ResourceTemplate, Tool } from '../sdk/types.js';
import type { Routed, RouteKind } from './forward-types.js';
import type { PeerBridge } from './peer-bridge.js';

export interface GatewayView {
  readonly peers: PeerBridge;
  /** The profile's name; absent on the full view (/mcp). */
  readonly name?: string;
  listPublicTools(): Promise<Tool[]>;
  listResources(): Promise<Resource[]>;
  listResourceTemplates(): Promise<ResourceTemplate[]>;
  listPrompts(): Promise<Prompt[]>;
  /**
   * Which child serves this public name (tool, prompt, resource URI or template URI) and the name it
   * knows there, or the refusal the client gets. `signal` bounds a wait for a restarting child.
   */
  route(kind: RouteKind, name: string, signal?: AbortSignal): Promise<Routed>;
  subscribe(server: Server, uri: string): Promise<void>;
  unsubscribe(server: Server, uri: string): Promise<void>;
  childCapabilities(): { logging: boolean; subscribe: boolean; completions: boolean };
  /** Whether this view serves that child, so its sessions hear that child's notifications. */
  allowsServer(serverId: string): boolean | Promise<boolean>;
}
