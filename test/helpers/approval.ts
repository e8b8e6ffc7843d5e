// The approval gate the gateway tests run with: one server whose destructive tools need a yes, asked through
// `broker`, with the default 30 s timeout and no redaction.
import { silentLogger } from '../../electron/core/env.js';
import { ApprovalGate } from '../../electron/core/trust/approval-gate.js';
import type { QuestionBroker } from '../../electron/core/trust/questions.js';
import type { ServerConfig } from '../../shared/types.js';

export function destructiveApproval(broker: QuestionBroker, serverId: string): ApprovalGate {
  return new ApprovalGate({
    broker,
    servers: () => [{ id: serverId, approval: 'destructive' } as ServerConfig],
    profiles: () => [],
    settings: () => ({ approvalTimeoutMs: 30_000 }),
    redact: (t) => t,
    logger: silentLogger,
  });
}
