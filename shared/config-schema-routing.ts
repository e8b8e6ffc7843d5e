// orchestrator.routing's load-balancing keys: strategy, weights and max_inflight (the preference
// lists, breaker and cache numbers are read in config-schema-settings.ts).
import { z } from 'zod';
import type { ConfigIssue, RoutingConfig, RoutingStrategy } from './types.js';
import { check, issueAt } from './config-schema-issues.js';

const ROUTING_STRATEGIES: readonly RoutingStrategy[] = ['priority', 'round_robin', 'least_latency', 'least_inflight', 'weighted'];

const strategySchema = z.enum(ROUTING_STRATEGIES as [RoutingStrategy, ...RoutingStrategy[]]);
const weightMap = z.record(z.string().min(1), z.number().min(0).max(1_000_000));
const inflightMap = z.record(z.string().min(1), z.number().int().min(1));

/** Reads the three keys from `obj` (the section's read-tracking view, so they count as known keys). */
export function readBalancing(obj: Record<string, unknown>, out: RoutingConfig, at: string[], issues: ConfigIssue[]): void {
  const strategy = check(strategySchema.optional(), obj.strategy, [...at, 'strategy'], issues);
  if (strategy) out.strategy = strategy;
  const weights = check(weightMap.optional(), obj.weights, [...at, 'weights'], issues);
  if (weights) out.weights = weights;
  const inflight = check(inflightMap.optional(), obj.max_inflight, [...at, 'max_inflight'], issues);
  if (inflight) out.maxInflight = inflight;
  if (out.strategy === 'weighted' && weights && Object.keys(weights).length > 0 && Object.values(weights).every((w) => w === 0)) {
    issues.push(issueAt([...at, 'weights'], 'every weight is 0: give at least one vendor a positive weight'));
  }
}

/** weights / max_inflight name vendors: each must be a configured server id (a typo would silently weigh nothing). */
export function checkRoutingVendors(routing: RoutingConfig, serverIds: readonly string[], issues: ConfigIssue[]): void {
  const at = ['orchestrator', 'routing'];
  for (const [fileKey, map] of [
    ['weights', routing.weights],
    ['max_inflight', routing.maxInflight],
  ] as const) {
    for (const vendor of Object.keys(map)) {
      if (serverIds.includes(vendor)) continue;
      const list = serverIds.length ? serverIds.join(', ') : 'none';
      issues.push(issueAt([...at, fileKey, vendor], `unknown vendor "${vendor}": not a server id in this config (servers: ${list})`));
    }
  }
}

/** The file form of the three keys, only where they differ from the defaults. */
export function serializeBalancing(r: RoutingConfig, out: Record<string, unknown>): void {
  if (r.strategy !== 'priority') out.strategy = r.strategy;
  if (Object.keys(r.weights).length) out.weights = { ...r.weights };
  if (Object.keys(r.maxInflight).length) out.max_inflight = { ...r.maxInflight };
}
