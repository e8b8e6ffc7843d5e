// What a tool declares about itself beyond its inputs: annotation badges (MCP hints, as declared)
// and, after a call, whether its structuredContent matched its outputSchema (checked by the core).
import type { OutputValidation, ToolAnnotationsInfo } from '../../../../shared/inspector.js';

const BADGES: Array<{ key: keyof ToolAnnotationsInfo; label: string; tone: string; meaning: string }> = [
  { key: 'readOnlyHint', label: 'read-only', tone: 'badge-ok', meaning: 'does not change its environment' },
  { key: 'destructiveHint', label: 'destructive', tone: 'badge-danger', meaning: 'may delete or overwrite things' },
  {
    key: 'idempotentHint',
    label: 'idempotent',
    tone: 'badge-info',
    meaning: 'calling it again with the same arguments has no further effect',
  },
  { key: 'openWorldHint', label: 'open-world', tone: 'badge-info', meaning: 'reaches outside systems, such as the web' },
];

/** One badge per hint the tool sets to true; hints are the tool's claims, so they are labelled as such. */
export function ToolBadges({ annotations }: { annotations?: ToolAnnotationsInfo }) {
  const shown = BADGES.filter((b) => annotations?.[b.key] === true);
  if (shown.length === 0) return null;
  return (
    <ul className="badges" aria-label="Annotations (hints declared by the tool)" data-testid="tool-badges">
      {shown.map((b) => (
        <li key={b.key} className={`badge ${b.tone}`} data-testid={`tool-badge-${b.label}`} title={`The tool says it ${b.meaning}`}>
          {b.label}
        </li>
      ))}
    </ul>
  );
}

export function OutputCheck({ check }: { check?: OutputValidation }) {
  if (!check) return null;
  return (
    <div
      className={check.valid ? 'output-check ok' : 'output-check bad'}
      data-testid="output-validation"
      data-valid={String(check.valid)}
      role="status"
    >
      {check.valid ? (
        <span>✓ Structured content matches the output schema.</span>
      ) : (
        <>
          <span>✗ Structured content does not match the output schema:</span>
          <ul>
            {check.errors.map((e, i) => (
              <li key={i}>
                <code>{e}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
