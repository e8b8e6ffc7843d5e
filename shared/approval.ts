// Approval before risky calls: which mode applies to one tool call, and whether that mode asks.
// Pure, so the core's gate, the config editor and tests read one definition.
import type { ApprovalMode, ApprovalSetting } from './types.js';
import { globToRegExp } from './profiles.js';

export const APPROVAL_MODES = ['always', 'destructive', 'never'] as const satisfies readonly ApprovalMode[];

/**
 * A server entry without `approval` never asks: set-ups written by hand (and the built-ins, which are
 * ours) keep working unattended. Import writes IMPORTED_APPROVAL into each entry it adds, visibly.
 */
export const DEFAULT_APPROVAL: ApprovalMode = 'never';
export const IMPORTED_APPROVAL: ApprovalMode = 'destructive';

/** The answers to a tool-approval question (the UI's buttons and the elicitation form's enum). */
export const APPROVAL_CHOICES = [
  { value: 'allow-once', label: 'Allow once' },
  { value: 'allow-session', label: 'Allow for this session' },
  { value: 'deny', label: 'Deny' },
] as const;
export type ApprovalChoice = (typeof APPROVAL_CHOICES)[number]['value'];

/** How specific a glob is: its literal characters (an exact name beats `delete_*`, which beats `*`). */
function specificity(glob: string): number {
  return glob.replace(/[*?]/g, '').length + (/[*?]/.test(glob) ? 0 : 0.5);
}

/** A server's setting for one of its tools (the child's own name): the most specific matching glob wins. */
export function serverApprovalMode(setting: ApprovalSetting | undefined, tool: string): ApprovalMode {
  if (setting === undefined) return DEFAULT_APPROVAL;
  if (typeof setting === 'string') return setting;
  let best: { mode: ApprovalMode; score: number } | undefined;
  for (const [glob, mode] of Object.entries(setting)) {
    if (!globToRegExp(glob).test(tool)) continue;
    const score = specificity(glob);
    // Ties keep the first in file order.
    if (!best || score > best.score) best = { mode, score };
  }
  return best?.mode ?? DEFAULT_APPROVAL;
}

/** The mode for a call: a profile's preset (for sessions on its endpoint) overrides the server's setting. */
export function approvalMode(setting: ApprovalSetting | undefined, tool: string, profilePreset?: ApprovalMode): ApprovalMode {
  return profilePreset ?? serverApprovalMode(setting, tool);
}

/** What the mode needs to know of a tool: its annotations as the tool index keeps them. */
export interface ToolHints {
  readOnly?: boolean;
  destructive?: boolean;
}

/**
 * Whether a call asks. "destructive" follows the spec's defaults for annotations: a tool is taken as
 * destructive unless it says readOnlyHint: true, and destructiveHint: true always counts.
 */
export function needsApproval(mode: ApprovalMode, hints: ToolHints | undefined): boolean {
  if (mode === 'never') return false;
  if (mode === 'always') return true;
  return hints?.destructive === true || hints?.readOnly !== true;
}
