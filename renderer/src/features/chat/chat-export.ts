// A conversation as a Markdown or JSON file (tool steps included), and the download itself.
import type { AgentStep } from '../../../../shared/agent.js';
import type { Conversation } from '../../slices/chat-persist.js';

const fence = (text: string, lang = '') => {
  // A fence longer than any backtick run inside, so the content cannot close it.
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
};

function stepMarkdown(s: AgentStep): string {
  const head = `### Tool call: \`${s.tool}\`${s.server ? ` on ${s.server}` : ''} — ${s.status}${s.ms !== undefined ? `, ${s.ms} ms` : ''}`;
  const args = typeof s.arguments === 'string' ? s.arguments : JSON.stringify(s.arguments, null, 2);
  const parts = [head, 'Arguments:', fence(args, 'json')];
  if (s.error) parts.push(`Error: ${s.error}`);
  if (s.result !== undefined) parts.push('Result:', fence(s.result));
  return parts.join('\n\n');
}

export function conversationMarkdown(c: Conversation): string {
  const out = [`# ${c.title}`];
  const settings = c.settings;
  if (settings?.systemPrompt.trim()) out.push(`**System prompt:**\n\n${settings.systemPrompt}`);
  for (const t of c.turns) {
    out.push(`## You\n\n${t.prompt}`);
    for (const s of t.steps ?? []) out.push(stepMarkdown(s));
    const who = t.response ? `Assistant (${t.response.vendor} · ${t.response.model})` : 'Assistant';
    const text = t.response?.message ?? t.text;
    out.push(`## ${who}\n\n${text || (t.error ? `_${t.error.message}_` : '')}`);
  }
  return out.join('\n\n') + '\n';
}

export function conversationJson(c: Conversation): string {
  return JSON.stringify({ format: 'mcp-orchestrator.chat.v1', ...c }, null, 2) + '\n';
}

/** A file name from the title: letters, digits and dashes only. */
export function exportName(c: Conversation, ext: 'md' | 'json'): string {
  const base =
    c.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 50) || 'chat';
  return `${base}.${ext}`;
}

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
