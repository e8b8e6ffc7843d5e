// What a tool call's result becomes for the model (and the chat's step view): text, bounded.

/** The model gets at most this much of one result; the rest is cut with a note. */
export const MAX_RESULT_CHARS = 20_000;

export interface ToolOutcome {
  isError?: boolean;
  content?: unknown;
  structuredContent?: unknown;
}

function blockText(block: unknown): string {
  if (!block || typeof block !== 'object') return '';
  const b = block as { type?: unknown; text?: unknown; mimeType?: unknown; uri?: unknown; resource?: { text?: unknown; uri?: unknown } };
  if (b.type === 'text' && typeof b.text === 'string') return b.text;
  if (b.type === 'resource' && typeof b.resource?.text === 'string') return b.resource.text;
  if (b.type === 'resource') return `[resource ${String(b.resource?.uri ?? '')}]`;
  if (b.type === 'resource_link') return `[resource link ${String(b.uri ?? '')}]`;
  return `[${String(b.type ?? 'content')}${typeof b.mimeType === 'string' ? ` ${b.mimeType}` : ''}]`;
}

function bounded(text: string): string {
  if (text.length <= MAX_RESULT_CHARS) return text;
  return `${text.slice(0, MAX_RESULT_CHARS)}\n… (${text.length - MAX_RESULT_CHARS} more characters cut)`;
}

/** Text blocks joined; structured content as JSON when the tool sent no text. */
export function outcomeText(result: ToolOutcome): string {
  const blocks = Array.isArray(result.content) ? result.content.map(blockText).filter(Boolean) : [];
  if (blocks.length) return bounded(blocks.join('\n'));
  if (result.structuredContent !== undefined) return bounded(JSON.stringify(result.structuredContent));
  return result.isError ? 'the tool failed without saying why' : '(no output)';
}
