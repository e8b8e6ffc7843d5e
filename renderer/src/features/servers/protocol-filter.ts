// Which protocol log entries the view shows, and the JSON file it exports.
import type { ProtocolEntry } from '../../../../shared/contract.js';

export interface ProtocolFilter {
  direction: 'all' | 'to-server' | 'from-server';
  method: string;
  text: string;
}

export function filterEntries(entries: ProtocolEntry[], f: ProtocolFilter): ProtocolEntry[] {
  const method = f.method.trim().toLowerCase();
  const text = f.text.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (f.direction === 'all' || e.direction === f.direction) &&
      (!method || e.method.toLowerCase().includes(method)) &&
      (!text || e.text.toLowerCase().includes(text) || e.method.toLowerCase().includes(text)),
  );
}

/** The export: what is shown (already redacted by the core), as one JSON document. */
export function exportJson(serverId: string, entries: ProtocolEntry[], dropped: number): string {
  return JSON.stringify({ serverId, exportedAt: new Date().toISOString(), dropped, entries }, null, 2);
}
