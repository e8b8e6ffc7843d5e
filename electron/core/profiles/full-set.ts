// What a profile's view reads from the full set it filters. The gateway's Aggregator satisfies
// it; declaring it here keeps profiles/ below the gateway, which serves these views (no cycle).
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
import type { ToolInfo } from '../../../shared/types.js';
import type { ForwardOptions } from '../wire/forward-options.js';

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
  routeUri(uri: string): Promise<{ route: Owner }>;
  routeCompletion(params: CompleteRequest['params']): Promise<Owner>;
  callTool(name: string, args: Record<string, unknown>, opts: ForwardOptions): Promise<CallToolResult>;
  listResources(): Promise<Resource[]>;
  listResourceTemplates(): Promise<ResourceTemplate[]>;
  readResource(uri: string, opts: ForwardOptions): Promise<ReadResourceResult>;
  subscribe(server: Server, uri: string): Promise<void>;
  unsubscribe(server: Server, uri: string): Promise<void>;
  listPrompts(): Promise<Prompt[]>;
  getPrompt(name: string, args: Record<string, string> | undefined, opts: ForwardOptions): Promise<GetPromptResult>;
  complete(params: CompleteRequest['params'], opts: ForwardOptions): Promise<CompleteResult>;
  childCapabilities(): { logging: boolean; subscribe: boolean; completions: boolean };
}
