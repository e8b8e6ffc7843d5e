// What a ManagedServer needs from the Supervisor that owns it.
import type { LogLine, OrchestratorSettings, ServerStatus } from '../../../shared/types.js';
import type { CoreEnv } from '../env.js';
import type { CallMetrics } from '../metrics/latency.js';
import type { UpstreamChange } from '../upstream/upstream.js';
import type { PidGuard } from './orphan-watchdog.js';
import type { SandboxHost } from './sandbox-host.js';
import type { ProtocolLogs } from './protocol-log.js';
import type { RemoteAuth } from '../oauth/remote-auth.js';

export interface ServerContext {
  env: CoreEnv;
  settings: () => OrchestratorSettings;
  resolveEnv: (names: string[]) => Promise<Record<string, string | undefined>>;
  redact: (text: string) => string;
  /** Names stored in the keychain (never values): a `${NAME}` of one in args refuses the start. */
  storedSecrets: () => Promise<string[]>;
  metrics: CallMetrics;
  /** The login shell's PATH to merge into children's PATH, when the composition root asked for it. */
  emitStatus: (status: ServerStatus) => void;
  emitLog: (line: LogLine) => void;
  emitChange: (change: UpstreamChange) => void;
  /** Kills children left behind if the orchestrator dies without stopping them. */
  guard?: PidGuard;
  /** Where servers with a "sandbox" setting are sandboxed (bubblewrap on Linux). */
  sandbox: SandboxHost;
  /** issue 23 (inspector-b): the per-server protocol log every connection records into. */
  protocol?: ProtocolLogs;
  // OAuth for remote servers (issue 21 item 6): tokens from the keychain for remote servers' connections.
  oauth?: RemoteAuth;
}
