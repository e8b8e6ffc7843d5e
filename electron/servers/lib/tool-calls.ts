// Function-tool calls in the OpenAI wire format: whole ones in a completion, and the fragments a
// stream sends (the first fragment of a call carries its id and name, later ones more argument text).
import type { ChatToolCall } from '../../../shared/types.js';

interface WireCall {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

const asCalls = (v: unknown): WireCall[] => (Array.isArray(v) ? v.filter((c): c is WireCall => !!c && typeof c === 'object') : []);

/** The tool calls of a non-streamed completion message, dropping malformed entries. */
export function wireToolCalls(v: unknown): ChatToolCall[] {
  return asCalls(v)
    .filter((c) => typeof c.id === 'string' && typeof c.function?.name === 'string')
    .map((c) => ({
      id: c.id as string,
      type: 'function' as const,
      function: { name: c.function?.name as string, arguments: c.function?.arguments ?? '' },
    }));
}

/** Joins streamed tool-call fragments by their index. */
export class ToolCallAccumulator {
  private readonly byIndex = new Map<number, { id: string; name: string; args: string }>();

  add(fragments: unknown): void {
    for (const f of asCalls(fragments)) {
      const index = typeof f.index === 'number' ? f.index : this.byIndex.size;
      const cur = this.byIndex.get(index) ?? { id: '', name: '', args: '' };
      if (f.id) cur.id = f.id;
      if (f.function?.name && !cur.name) cur.name = f.function.name;
      if (f.function?.arguments) cur.args += f.function.arguments;
      this.byIndex.set(index, cur);
    }
  }

  done(): ChatToolCall[] {
    return [...this.byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, c]) => c.name)
      .map(([i, c]) => ({ id: c.id || `call_${i}`, type: 'function' as const, function: { name: c.name, arguments: c.args } }));
  }
}
