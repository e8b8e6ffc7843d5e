// How a child's protocol era is negotiated, and the verdict remembered between its runs.
// `auto` (the default) probes with server/discover and falls back to the 2025 `initialize`; a server's config can
// say "legacy" (2025 only) or pin a version (no fallback). After a successful connect the verdict is kept in memory
// for this ManagedServer, so a restart (crash, ping timeout, config change) skips the probe: over HTTP one round trip
// less, and on Windows no second spawn (the SDK probes a stdio child on a short-lived sibling process there).
// In memory only, and for ERA_VERDICT_TTL_MS: the SDK warns that a stale legacy verdict succeeds silently forever
// (an upgraded server still answers `initialize`), so every app start, and every start after the TTL, probes again.
import type { Clock } from '../env.js';
import type { PriorDiscovery, VersionNegotiationOptions } from '../sdk/client.js';

export const ERA_VERDICT_TTL_MS = 60 * 60 * 1000;

/**
 * How long a stdio child may stay silent to the probe before it is taken for a 2025 server (the SDK's verdict for
 * silence on a pipe). Without a bound the probe waits the whole start timeout: servers that ignore an unknown request
 * before `initialize` exist (hand-written ones do). A modern child slower than this to boot falls back to 2025, which
 * it still serves. Over HTTP silence is an outage, so the probe keeps the start timeout there.
 */
export const STDIO_PROBE_TIMEOUT_MS = 3000;

/** The v2 client's negotiation options for a server's `protocol` setting (absent: "auto"). */
export function versionNegotiation(protocol: string | undefined, transport: 'stdio' | 'http' = 'http'): VersionNegotiationOptions {
  if (protocol === undefined || protocol === 'auto')
    return transport === 'stdio' ? { mode: 'auto', probe: { timeoutMs: STDIO_PROBE_TIMEOUT_MS } } : { mode: 'auto' };
  if (protocol === 'legacy') return { mode: 'legacy' };
  return { mode: { pin: protocol } };
}

/** What a connected client tells about its era: the public parts of the SDK v2 Client we read. */
export interface NegotiatedClient {
  getProtocolEra(): 'legacy' | 'modern' | undefined;
  getDiscoverResult(): unknown;
}

export class EraMemory {
  private verdict: { prior: PriorDiscovery; at: number } | undefined;

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** The remembered verdict to connect with, if the setting probes at all and it is still fresh. */
  prior(protocol: string | undefined): PriorDiscovery | undefined {
    if (versionNegotiation(protocol).mode !== 'auto' || !this.verdict) return undefined;
    if (this.clock.now() - this.verdict.at >= ERA_VERDICT_TTL_MS) this.verdict = undefined;
    return this.verdict?.prior;
  }

  /** After a successful connect: keep what was negotiated (a modern verdict keeps the server's discover result). */
  remember(client: NegotiatedClient): void {
    const era = client.getProtocolEra();
    const discover = client.getDiscoverResult();
    const prior: PriorDiscovery | undefined =
      era === 'modern' && discover ? { kind: 'modern', discover: discover as never } : era === 'legacy' ? { kind: 'legacy' } : undefined;
    // A verdict reused from memory keeps its first date: the TTL counts from the probe that found it.
    if (prior && this.verdict?.prior.kind !== prior.kind) this.verdict = { prior, at: this.clock.now() };
    else if (!prior) this.verdict = undefined;
  }

  /** The child stopped answering as it did (e.g. a server moved back to 2025): probe again next time. */
  forget(): void {
    this.verdict = undefined;
  }

  /**
   * A start failed. With a remembered verdict, that verdict may be the cause: probe again. After a probe, a stdio
   * child may be one that exits on any request before `initialize` (some SDKs do): try it as a 2025 server next.
   * Failures alternate the two, so neither kind of child is locked out.
   */
  failed(protocol: string | undefined, transport: 'stdio' | 'http'): void {
    const probed = versionNegotiation(protocol).mode === 'auto' && !this.verdict;
    this.verdict = probed && transport === 'stdio' ? { prior: { kind: 'legacy' }, at: this.clock.now() } : undefined;
  }
}
