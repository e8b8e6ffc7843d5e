// How a changed config reaches a running core, whether the file changed under it (the watcher) or
// the UI saved it: servers reconciled, profiles served, settings reported. Settings are read at the
// moment of use, so a new section is live once stored; this says so (log, status, event), names
// what waits for a restart, and restarts the built-ins whose vendor retries were fixed at spawn
// from retry_attempts.
import type { AppConfig, OrchestratorSettings } from '../../shared/types.js';
import type { ConfigReloadEvent } from './config/config-store.js';
import { settingsOutcome, type SettingsOutcome } from './config/settings-change.js';
import type { CoreEvents } from './core-events.js';
import type { Logger } from './env.js';
import type { Gateway } from './gateway/gateway.js';
import type { Supervisor } from './supervisor/supervisor.js';

export interface ConfigReactionDeps {
  /** Read at each use: the core's env is replaced when it starts. */
  logger: () => Logger;
  configPath: string;
  events: CoreEvents;
  /** The running parts; undefined before start. */
  supervisor: () => Supervisor | undefined;
  gateway: () => Gateway | undefined;
}

export class ConfigReaction {
  /** The settings the gateway started with; a later edit of a restart-only key is reported against them. */
  private startedSettings?: OrchestratorSettings;
  /** Settings edited since start that only a restart applies (status's needsRestart). */
  needsRestart: string[] = [];

  constructor(private readonly deps: ConfigReactionDeps) {}

  started(settings: OrchestratorSettings): void {
    this.startedSettings = settings;
  }

  /** The config file changed under a running core (ConfigStore's watcher). */
  async onReload(e: ConfigReloadEvent): Promise<void> {
    const { logger, configPath, events } = this.deps;
    if (!e.ok) {
      logger().warn('config change rejected; previous config keeps running', { error: e.message });
      events.emit('configReloaded', { path: configPath, ok: false, issues: e.issues });
      return;
    }
    logger().info('config reloaded', { servers: e.config.servers.length });
    await this.deps.supervisor()?.setServers(e.config.servers);
    await this.applyProfiles(e.config);
    const outcome = await this.applySettings(e.previous.orchestrator, e.config.orchestrator);
    events.emit('configReloaded', { path: configPath, ok: true, issues: [], ...outcome });
    events.statusChanged();
  }

  /** Serves the config's profiles (before start there is no gateway to apply them to). */
  async applyProfiles(config: AppConfig): Promise<void> {
    const gateway = this.deps.gateway();
    if (!gateway) return;
    await gateway.setProfiles(config.profiles ?? []);
    this.deps.events.statusChanged();
  }

  async applySettings(previous: OrchestratorSettings, next: OrchestratorSettings): Promise<SettingsOutcome> {
    const logger = this.deps.logger();
    const outcome = settingsOutcome(this.startedSettings ?? previous, previous, next);
    this.needsRestart = outcome.needsRestart;
    if (outcome.applied.length) logger.info('settings applied live', { settings: outcome.applied.join(', ') });
    if (outcome.needsRestart.length) {
      logger.warn('settings need a restart of the orchestrator to apply', { settings: outcome.needsRestart.join(', ') });
    }
    if (outcome.applied.includes('orchestrator.retry_attempts')) await this.deps.supervisor()?.restartForRetrySetting();
    this.deps.events.statusChanged();
    return outcome;
  }
}
