// A duration in the config file, in seconds. The core waits on these with timers, and a Node (or
// browser) timer waits at most 2^31 - 1 ms, about 24.8 days: asked for longer, it fires after 1 ms
// instead. So a timeout written as "practically never" would time every request out at once, and
// a ping interval that large would ping a thousand times a second. The schema refuses them.
import { z } from 'zod';

/** The longest duration a timer can wait, in whole seconds (2,147,483 s). */
export const MAX_DURATION_S = Math.floor((2 ** 31 - 1) / 1000);

/** A positive number of seconds that a timer can wait for. */
export const seconds = () =>
  z
    .number()
    .positive()
    .max(MAX_DURATION_S, { error: `must be at most ${MAX_DURATION_S} seconds (about 24 days), the longest a timer can wait` });
