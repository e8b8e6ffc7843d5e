// The routing vocabulary of the forwarding pipeline (gateway/forward.ts): what a client request is, and where a
// view sends a public name. Here, below the gateway and profiles, because a profile's view routes too.
import type { ProtocolError } from '../sdk/types.js';
import type { ForwardOptions } from './forward-options.js';

/** One client request as the pipeline takes it: the method and its params, as sent (unparsed). */
export interface ForwardRequest {
  method: string;
  params?: Record<string, unknown>;
}

/** What a view routes: a tool or prompt name, a resource URI, or a URI template (completion refs). */
export type RouteKind = 'tool' | 'prompt' | 'resource' | 'template';

/** A name served by a child: its server and the name (or URI) that child knows. */
export interface UpstreamRoute {
  serverId: string;
  originalName: string;
}

/** A tool the view answers itself (a discovery profile's meta-tools); `ctx` goes on to nested calls. */
interface LocalRoute {
  local: (args: Record<string, unknown>, ctx: ForwardOptions) => Promise<Record<string, unknown>>;
}

/** The view's refusal, worded for the client (unknown, disabled, outside the profile, quarantined). */
export interface Refusal {
  refusal: ProtocolError;
}

export type Routed = UpstreamRoute | LocalRoute | Refusal;
