// The configured profiles as live views, plus what status reports about them: size, the
// cost of their tools/list, and the problems only visible once tools are listed (a glob or
// a profile that matches no tool). Those are warnings, not load errors: a server that is
// still starting or crashed would otherwise make a valid config fail to load. They are logged
// only once the children's first start has settled (holdWarningsUntil): before that, a
// profile of a server still starting "matches no tool" at every launch.
import { estimateTokens, matchesAny, PROFILE_PATH_PREFIX, utf8Bytes } from '../../../shared/profiles.js';
import type { ProfileConfig, ProfileSummary } from '../../../shared/types.js';
import type { Logger } from '../env.js';
import type { FullSet } from './full-set.js';
import { ProfileView, type Selection } from './profile-view.js';

export interface ProfileUpdate<Full extends FullSet = FullSet> {
  added: ProfileView<Full>[];
  changed: ProfileView<Full>[];
  removed: ProfileView<Full>[];
}

function sameConfig(a: ProfileConfig, b: ProfileConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Problems with a profile that depend on which tools exist right now. */
function profileWarnings(p: ProfileConfig, sel: Selection): string[] {
  const out: string[] = [];
  const enabled = sel.index.infos.filter((i) => i.enabled);
  const inServers = p.servers ? enabled.filter((i) => p.servers?.includes(i.serverId)) : enabled;
  p.tools?.forEach((g, i) => {
    if (!inServers.some((t) => matchesAny(t.name, [g]))) out.push(`profiles.${p.name}.tools[${i}]: "${g}" matches no tool`);
  });
  if (p.discovery) {
    p.pinned.forEach((g, i) => {
      if (!sel.tools.some((t) => matchesAny(t.name, [g])))
        out.push(`profiles.${p.name}.pinned[${i}]: "${g}" matches no tool of the profile`);
    });
  }
  if (sel.tools.length === 0) out.push(`profiles.${p.name}: matches no tool`);
  return out;
}

/** Generic over the full set so its views keep the gateway's own peer bridge type. */
export class ProfileRegistry<Full extends FullSet = FullSet> {
  private readonly views = new Map<string, ProfileView<Full>>();
  private summaries: ProfileSummary[] = [];
  private readonly logged = new Set<string>();
  private readonly refreshListeners = new Set<() => void>();
  private holding = false;

  constructor(
    private readonly aggregator: Full,
    private readonly logger: Logger,
  ) {}

  get(name: string): ProfileView<Full> | undefined {
    return this.views.get(name);
  }

  all(): ProfileView<Full>[] {
    return [...this.views.values()];
  }

  /** Replaces the set of profiles, keeping the view (and its sessions) of each unchanged name. */
  set(configs: readonly ProfileConfig[]): ProfileUpdate<Full> {
    const update: ProfileUpdate<Full> = { added: [], changed: [], removed: [] };
    const wanted = new Map(configs.map((c) => [c.name, c]));
    for (const [name, view] of this.views) {
      if (wanted.has(name)) continue;
      this.views.delete(name);
      update.removed.push(view);
    }
    for (const config of configs) {
      const view = this.views.get(config.name);
      if (!view) {
        const created = new ProfileView(this.aggregator, config);
        this.views.set(config.name, created);
        update.added.push(created);
      } else if (!sameConfig(view.config, config)) {
        view.update(config);
        update.changed.push(view);
      }
    }
    return update;
  }

  /** Called after summaries were recomputed (the core pushes a status then). */
  onRefresh(listener: () => void): () => void {
    this.refreshListeners.add(listener);
    return () => this.refreshListeners.delete(listener);
  }

  /** The last computed summaries (status is synchronous). */
  cached(): ProfileSummary[] {
    return this.summaries;
  }

  /**
   * Keeps warnings out of the log until `settled` (the children's first start) resolves or
   * rejects, then recomputes the summaries and logs what is still wrong: a real typo, or a
   * profile whose servers did not come up. Summaries (status, UI) stay live meanwhile.
   * `active` says whether the owner still runs (a core stopped during start-up stays quiet).
   */
  holdWarningsUntil(settled: Promise<unknown>, baseUrl: () => string, active: () => boolean = () => true): Promise<void> {
    this.holding = true;
    const release = async () => {
      this.holding = false;
      if (active()) await this.refresh(baseUrl());
    };
    return settled.then(release, release);
  }

  /** Recomputes every summary against the current tools; new warnings go to the log once. */
  async refresh(baseUrl: string): Promise<ProfileSummary[]> {
    const out = await Promise.all(this.all().map((v) => this.summarize(v, baseUrl)));
    this.summaries = out;
    if (!this.holding) this.logNew(new Set(out.flatMap((s) => s.warnings)));
    for (const l of this.refreshListeners) l();
    return out;
  }

  private logNew(current: Set<string>): void {
    for (const w of current) if (!this.logged.has(w)) this.logger.warn(`profile: ${w}`);
    this.logged.clear();
    for (const w of current) this.logged.add(w);
  }

  private async summarize(view: ProfileView<Full>, baseUrl: string): Promise<ProfileSummary> {
    const sel = await view.selection();
    const p = view.config;
    const listBytes = utf8Bytes(JSON.stringify({ tools: sel.listed }));
    return {
      name: p.name,
      ...(p.description ? { description: p.description } : {}),
      url: `${baseUrl}${PROFILE_PATH_PREFIX}${p.name}`,
      discovery: p.discovery,
      readOnly: p.readOnly,
      tools: sel.tools.length,
      listed: sel.listed.length,
      listBytes,
      estimatedTokens: estimateTokens(listBytes),
      warnings: profileWarnings(p, sel),
      config: p,
    };
  }
}
