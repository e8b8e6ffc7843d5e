// What a per-session MCP server serves from: the Aggregator (the full set at /mcp) or a
// profile's filtered view of it (/mcp/<name>). Both route through the same Aggregator.
import type { Server } from '../sdk/server.js';
import type {
  CallToolResult,
  CompleteRequest,
  CompleteResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from '../sdk/types.js';
import type { ForwardOptions } from './aggregator.js';
import type { PeerBridge } from './peer-bridge.js';

export interface GatewayView {
  readonly peers: PeerBridge;
  /** The profile's name; absent on the full view (/mcp). */
  readonly name?: string;
  listPublicTools(): Promise<Tool[]>;
  callTool(name: string, args?: Record<string, unknown>, opts?: ForwardOptions): Promise<CallToolResult>;
  listResources(): Promise<Resource[]>;
  listResourceTemplates(): Promise<ResourceTemplate[]>;
  readResource(uri: string, opts?: ForwardOptions): Promise<ReadResourceResult>;
  listPrompts(): Promise<Prompt[]>;
  getPrompt(name: string, args?: Record<string, string>, opts?: ForwardOptions): Promise<GetPromptResult>;
  complete(params: CompleteRequest['params'], opts?: ForwardOptions): Promise<CompleteResult>;
  subscribe(server: Server, uri: string): Promise<void>;
  unsubscribe(server: Server, uri: string): Promise<void>;
  childCapabilities(): { logging: boolean; subscribe: boolean; completions: boolean };
  /** Whether this view serves that child, so its sessions hear that child's notifications. */
  allowsServer(serverId: string): boolean | Promise<boolean>;
}
