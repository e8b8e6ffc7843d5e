// Router-local types. Kept out of shared/ because only the core and its servers use them.
import type { VendorStatus } from '../../../shared/types.js';

export type Capability = 'chat' | 'embed' | 'listModels' | 'weather' | 'search';
export type BreakerState = 'closed' | 'open' | 'half_open';

/** What the router knows about one running vendor server (status shows the shared part). */
export interface VendorHealth extends VendorStatus {
  capabilities: Capability[];
  /** False until the vendor's tool list has been fetched once. */
  discovered: boolean;
  breaker: BreakerState;
  consecutiveFailures: number;
  /** Mean of recent successful call latencies; null before the first success. */
  latencyMs: number | null;
}

/** The router's embed answer is the shared response shape. */
export type { EmbedResponse as EmbedResult } from '../../../shared/types.js';

interface VendorCallOptions {
  signal?: AbortSignal;
}

export interface ChatOptions extends VendorCallOptions {
  /** Receives text deltas while the vendor streams. */
  onDelta?: (text: string) => void;
}

export interface EmbedOptions extends VendorCallOptions {
  model?: string;
}
