export { Router, type RouterDeps } from './router.js';
export { createRouterMcpServer, createRouterUpstream } from './router-server.js';
export { BreakerSet, type BreakerLimits } from './breaker.js';
export { EmbedCache, embedCacheKey } from './embed-cache.js';
export { VENDOR_PROFILES, type VendorProfile } from './vendor-profiles.js';
export type { VendorHealth, EmbedResult, Capability, BreakerState, ChatOptions, EmbedOptions } from './types.js';
