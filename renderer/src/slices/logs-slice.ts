import type { LogLine } from '../../../shared/types.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

/** Per server; older lines are dropped so a chatty child cannot grow the UI without bound. */
export const MAX_LOG_LINES = 500;

export interface LogsSlice {
  logs: Record<string, LogLine[]>;
  appendLog(line: LogLine): void;
  loadLogs(serverId: string): Promise<void>;
}

function bounded(lines: LogLine[]): LogLine[] {
  return lines.length > MAX_LOG_LINES ? lines.slice(lines.length - MAX_LOG_LINES) : lines;
}

export const createLogsSlice: SliceCreator<LogsSlice> = (client) => (set, get) => ({
  logs: {},
  appendLog: (line) => set((s) => ({ logs: { ...s.logs, [line.serverId]: bounded([...(s.logs[line.serverId] ?? []), line]) } })),
  loadLogs: async (serverId) => {
    const history = unwrap(get, await client.getLogs(serverId), `Logs of ${serverId}`);
    if (!history) return;
    set((s) => {
      // Keep pushed lines that arrived while the history request was in flight.
      const lastAt = history.length ? history[history.length - 1].at : -Infinity;
      const newer = (s.logs[serverId] ?? []).filter((l) => l.at > lastAt);
      return { logs: { ...s.logs, [serverId]: bounded([...history, ...newer]) } };
    });
  },
});
