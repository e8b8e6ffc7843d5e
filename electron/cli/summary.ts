// One line per server, shared by `serve`'s banner and `status`.
import type { OrchestratorStatus, ServerStatus } from '../../shared/types.js';

/** `cli`: how to run this installation's CLI, for the hint (serve knows its absolute command). */
export function summarise(status: OrchestratorStatus, cli = 'mcp-orchestrator'): string[] {
  const howToSet = (name: string) =>
    status.secretStore === 'keychain' ? `store with \`${cli} secrets set ${name}\`` : 'export it before `serve`';
  return status.servers.map((s) => {
    const extra = s.missingEnv.length
      ? ` (missing ${s.missingEnv.join(', ')}: ${howToSet(s.missingEnv[0])})`
      : s.lastError && s.state !== 'running'
        ? ` (${s.lastError})`
        : s.state === 'running'
          ? ` (${s.toolCount} tools${s.protocolVersion ? `, MCP ${s.protocolVersion}` : ''})`
          : '';
    const warn = s.envWarning ? ' [warning: env_passthrough "*" gives it the whole environment]' : '';
    // Issue 22 pinning: what waits for the user's review.
    const pins = s.awaitingApproval
      ? ` [imported: awaiting approval, \`${cli} tools review ${s.id}\`]`
      : s.pinChanges
        ? ` [${s.pinChanges} change(s) awaiting review: \`${cli} tools review ${s.id}\`]`
        : '';
    return `  ${s.id.padEnd(14)} ${s.state}${extra}${warn}${sandboxNote(s)}${pins}`;
  });
}

// Sandbox (issue 22 item 6): said only when it is on, or when it was asked for and is not.
function sandboxNote(s: ServerStatus): string {
  if (s.sandboxed) return ' [sandboxed]';
  return s.sandboxReason ? ` [not sandboxed: ${s.sandboxReason}]` : '';
}
