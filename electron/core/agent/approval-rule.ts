// Which tool calls wait for the user's Allow/Deny in the chat. One pure function, so the trust
// policy can replace it later without touching the loop.
import type { ToolInfo } from '../../../shared/types.js';

export type ApprovalRule = (tool: Pick<ToolInfo, 'readOnly' | 'destructive'>) => boolean;

/** Destructive, or not declared read-only: a tool that may change something asks first. */
export const needsApproval: ApprovalRule = (tool) => tool.destructive === true || tool.readOnly !== true;
