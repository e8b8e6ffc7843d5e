// The Activity page's state: a bounded window on the audit log, newest first. The first page is fetched
// when the page opens or a filter changes; new lines arrive as `audit` events and are prepended when
// they match; "Load older" fetches the next page behind what is shown.
import { auditMatches, type AuditEntry, type AuditOutcome, type AuditQuery } from '../../../shared/audit.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

/** Lines per fetch. */
export const ACTIVITY_PAGE = 200;
/** The most lines kept in memory; live lines beyond it push the oldest out (they stay readable with "Load older"). */
export const MAX_ACTIVITY_LINES = 2000;

export const ACTIVITY_RANGES = { all: 0, '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type ActivityRange = keyof typeof ACTIVITY_RANGES;

export interface ActivityFilter {
  range: ActivityRange;
  server: string;
  client: string;
  tool: string;
  outcome: AuditOutcome | '';
}

export const NO_ACTIVITY_FILTER: ActivityFilter = { range: 'all', server: '', client: '', tool: '', outcome: '' };

export interface ActivitySlice {
  activity: AuditEntry[];
  activityMore: boolean;
  activityLoading: boolean;
  activityLoaded: boolean;
  activityFilter: ActivityFilter;
  /** The query of the shown lines (the time range fixed when they were fetched), so live lines are judged alike. */
  activityQuery: AuditQuery;
  loadActivity(): Promise<void>;
  loadOlderActivity(): Promise<void>;
  setActivityFilter(patch: Partial<ActivityFilter>): void;
  onAudit(entry: AuditEntry): void;
}

/** The filter as the control API's query; `now` fixes where a relative time range starts. */
export function activityQuery(f: ActivityFilter, now: number): AuditQuery {
  const q: AuditQuery = {};
  if (f.range !== 'all') q.since = new Date(now - ACTIVITY_RANGES[f.range]).toISOString();
  if (f.server) q.server = f.server;
  if (f.client.trim()) q.client = f.client.trim();
  if (f.tool.trim()) q.tool = f.tool.trim();
  if (f.outcome) q.outcome = f.outcome;
  return q;
}

export const createActivitySlice: SliceCreator<ActivitySlice> = (client) => (set, get) => {
  // A newer fetch wins: a slow answer to an older filter must not replace it.
  let seq = 0;
  return {
    activity: [],
    activityMore: false,
    activityLoading: false,
    activityLoaded: false,
    activityFilter: NO_ACTIVITY_FILTER,
    activityQuery: {},
    loadActivity: async () => {
      const mine = ++seq;
      const query = activityQuery(get().activityFilter, Date.now());
      set({ activityLoading: true, activityQuery: query });
      const page = unwrap(get, await client.listAudit({ ...query, limit: ACTIVITY_PAGE }), 'Activity');
      if (mine !== seq) return;
      if (!page) return set({ activityLoading: false });
      set({ activity: page.entries, activityMore: page.more, activityLoading: false, activityLoaded: true });
    },
    loadOlderActivity: async () => {
      const mine = ++seq;
      const { activityQuery: query, activity } = get();
      set({ activityLoading: true });
      const page = unwrap(get, await client.listAudit({ ...query, limit: ACTIVITY_PAGE, offset: activity.length }), 'Activity');
      if (mine !== seq) return;
      if (!page) return set({ activityLoading: false });
      set((s) => ({ activity: [...s.activity, ...page.entries], activityMore: page.more, activityLoading: false }));
    },
    setActivityFilter: (patch) => {
      set((s) => ({ activityFilter: { ...s.activityFilter, ...patch } }));
      void get().loadActivity();
    },
    onAudit: (entry) =>
      set((s) => {
        if (!s.activityLoaded || !auditMatches(entry, s.activityQuery)) return {};
        const activity = [entry, ...s.activity];
        if (activity.length <= MAX_ACTIVITY_LINES) return { activity };
        return { activity: activity.slice(0, MAX_ACTIVITY_LINES), activityMore: true };
      }),
  };
};
