// What the core tells its UIs (the window, the tray, event streams): control events, each passing
// the redactor on its way out, and the status, built and redacted once per change and pushed in
// coalesced bursts (core-status.ts).
import { Emitter } from '../../shared/emitter.js';
import { errorMessage } from '../../shared/errors.js';
import type { ControlEventListener, ControlEventName, ControlEvents } from '../../shared/contract.js';
import type { OrchestratorStatus } from '../../shared/types.js';
import { StatusPush, StatusSnapshot } from './core-status.js';
import type { CoreEnv } from './env.js';
import type { Redactor } from './secrets/redact.js';

export interface CoreEventsOptions {
  redactor: Redactor;
  /** Read at each use: the core's env is replaced when it starts. */
  env: () => CoreEnv;
  /** The status as of now, unredacted; called once per change at most. */
  buildStatus: () => OrchestratorStatus;
}

export class CoreEvents {
  private readonly listeners: Emitter<[ControlEventName, unknown]>;
  private readonly snapshot: StatusSnapshot;
  private readonly push: StatusPush;

  constructor(private readonly opts: CoreEventsOptions) {
    this.listeners = new Emitter((err) => opts.env().logger.warn('event listener failed', { error: errorMessage(err) }));
    this.snapshot = new StatusSnapshot(
      opts.buildStatus,
      (s) => opts.redactor.redactDeep(s, { byFieldName: false }),
      () => opts.env().clock,
    );
    this.push = new StatusPush(
      () => {
        // Already redacted, once, by the snapshot.
        if (this.listening) this.listeners.emit('status', this.snapshot.get());
      },
      () => opts.env().clock,
    );
  }

  /** Whether anyone listens (a payload nobody will see need not be built). */
  get listening(): boolean {
    return this.listeners.size > 0;
  }

  subscribe(listener: ControlEventListener): () => void {
    return this.listeners.on(listener as (name: ControlEventName, payload: unknown) => void);
  }

  emit<K extends ControlEventName>(name: K, payload: ControlEvents[K]): void {
    // The last gate before the UI: whatever a producer forgot to mask is masked here; with no listener
    // there is nothing to mask (an audit entry per tools/call made this a few % of the gateway's CPU).
    if (!this.listening) return;
    this.listeners.emit(name, this.opts.redactor.redactDeep(payload, { byFieldName: false }));
  }

  /** The status as it leaves the core: redacted, and shared by every reader until the next change. */
  status(): OrchestratorStatus {
    return this.snapshot.get();
  }

  /** Something the status shows changed: a burst of these is one push. */
  statusChanged(): void {
    this.snapshot.invalidate();
    this.push.queue();
  }

  /** Call counts and latencies moved: reads see them at once, the UI at most every METRICS_PUSH_MS. */
  callFiguresChanged(): void {
    this.snapshot.invalidate();
    this.push.queueMetrics();
  }
}
