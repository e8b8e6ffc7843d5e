// The core: config, secrets, supervisor, router and gateway behind the narrow operations the control
// API, the CLI and embedders use. Plain Node only; Electron's main process and the headless CLI both
// build on this. Its life (start, stop, status, events) is core-lifecycle.ts; its wiring core-start.ts.
import type { AuditPage, AuditQuery } from '../../shared/audit.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type {
  AppConfig,
  ClientTokenInfo,
  ConnectionInfo,
  ImportOutcome,
  ImportPreview,
  LogLine,
  PinChange,
  ProfileConfig,
  ProfileSummary,
  SecretInfo,
  ToolInfo,
} from '../../shared/types.js';
import { inProfile } from '../../shared/profiles.js';
import type { ProtocolLog } from '../../shared/contract.js';
import { profileNameProblem } from '../../shared/config-schema.js';
import { withProfile } from '../../shared/config-schema-profiles.js';
import { commitImport, prepareImport, type ImportContext } from './config/import-flow.js';
import { CoreLifecycle, type CoreOptions } from './core-lifecycle.js';
import type { Aggregator } from './gateway/aggregator.js';
import { queryAudit } from './metrics/audit-reader.js';
import { recordCall } from './metrics/record-call.js';
import type { Router } from './router/router.js';
import { secretNames } from './secrets/secret-names.js';
import { rotateToken } from './secrets/token.js';
import { stdioBridgeCommand } from './stdio-launcher.js';
import type { PinDecision } from './trust/pins.js';
import type { ServerProtocolInfo } from '../../shared/inspector.js';
import { protocolInfo } from './supervisor/negotiated-version.js';
// OAuth for remote servers (issue 21 item 6)
import { authOperations } from './core-auth.js';

export type { CoreOptions } from './core-lifecycle.js';

export interface Capabilities {
  tools: ToolInfo[];
}

/** What the UI browses and calls on the gateway, as clients see it (namespaced). */
export type McpCatalog = Pick<
  Aggregator,
  | 'listTools'
  | 'callTool'
  | 'listPrompts'
  | 'getPrompt'
  | 'listResources'
  | 'readResource'
  // Inspector parity (issue 23)
  | 'listResourceTemplates'
  | 'complete'
  | 'subscribe'
  | 'unsubscribe'
>;
/** The router's playground operations. */
export type Assistant = Pick<Router, 'chat' | 'getWeather' | 'searchWeb' | 'listModels'>;

export class MCPOrchestrator extends CoreLifecycle {
  /** Every tool the gateway offers, namespaced as clients see them (the seed's embedding API). */
  async discoverCapabilities(): Promise<Capabilities> {
    return { tools: await this.live().gateway.aggregator.listTools() };
  }

  /** Calls one child's tool by its own (un-namespaced) name. */
  async routeRequest(serverId: string, tool: string, params: Record<string, unknown> = {}) {
    const upstream = this.live().upstreams.get(serverId);
    if (!upstream) throw new AppError(ErrorCode.SERVER_NOT_RUNNING, `server "${serverId}" is not running`);
    return recordCall(this.recorder, this.env.clock, { serverId }, () =>
      upstream.client.callTool({ name: tool, arguments: params }, { timeout: upstream.timeoutMs }),
    );
  }

  // The narrow operations the control API is built on. Each one requires a started core.
  startServer = (id: string) => this.live().supervisor.start(id);
  // These two answer once the stop or restart is under way; status reports how it goes.
  stopServer = async (id: string) => this.live().supervisor.requestStop(id);
  restartServer = async (id: string) => this.live().supervisor.requestRestart(id);
  startAll = () => this.live().supervisor.startAll();
  stopAll = () => this.live().supervisor.stopAll();
  logs = (id: string): LogLine[] => this.live().supervisor.logs(id);
  /** issue 23 (inspector-b): one server's protocol log, redacted as it leaves. */
  protocolLog = (id: string): ProtocolLog => {
    const { supervisor } = this.live();
    supervisor.logs(id); // an unknown id fails like getLogs does
    return supervisor.protocol.snapshot(id, (v) => this.redactor.redactDeep(v, { byFieldName: false }));
  };
  watchProtocolLog = (id: string, on: boolean): void => {
    const { supervisor } = this.live();
    supervisor.logs(id);
    supervisor.protocol.watch(id, on);
  };
  // OAuth for remote servers (issue 21 item 6): sign in, sign out, and each remote server's sign-in status.
  readonly auth = authOperations(
    () => this.live(),
    () => this.config.current?.servers ?? [],
    this.env.logger,
  );
  /** The gateway's tools, prompts and resources, namespaced as clients see them. */
  mcp = (): McpCatalog => this.live().gateway.aggregator;
  assistant = (): Assistant => this.live().router;
  /** What a running child said in `initialize` (Servers page details). */
  serverInfo = (id: string): ServerProtocolInfo => {
    const upstream = this.live().upstreams.get(id);
    if (!upstream) throw new AppError(ErrorCode.SERVER_NOT_RUNNING, `server "${id}" is not running`);
    return protocolInfo(id, upstream.client);
  };

  async listSecrets(): Promise<SecretInfo[]> {
    const { secrets, resolver } = this.live();
    return resolver.sources(await secretNames(this.config.current?.servers ?? [], secrets));
  }

  /** Stores a secret and starts the servers that were waiting only for it. */
  async setSecret(name: string, value: string): Promise<void> {
    const { secrets, supervisor } = this.live();
    await secrets.set(name, value);
    this.redactor.add(value);
    const waiting = supervisor
      .statuses()
      .filter((s) => s.enabled && s.missingEnv.includes(name) && (s.state === 'stopped' || s.state === 'failed'));
    await Promise.allSettled(waiting.map((s) => supervisor.start(s.id)));
  }

  async deleteSecret(name: string): Promise<void> {
    const { secrets, supervisor } = this.live();
    await secrets.delete(name);
    await supervisor.envChanged(name);
  }

  /** Writes the config text and applies it; before a successful start there is nothing to apply it to yet. */
  async saveConfig(text: string, base?: string): Promise<AppConfig> {
    const previous = this.config.current?.orchestrator;
    const config = await this.config.save(text, base);
    if (this.running) {
      await this.live().supervisor.setServers(config.servers);
      await this.applyProfiles(config);
      if (previous) await this.applySettings(previous, config.orchestrator);
    }
    return config;
  }

  /** What importing a client config would do, computed against the file on disk; writes nothing. */
  async previewImport(source: string): Promise<ImportPreview> {
    return (await prepareImport(await this.importContext(), source, '')).preview;
  }

  /**
   * The confirmed import: keys move to the keychain and given inputs are stored first, then the file is edited
   * (only the new entries are inserted), written (0600) and applied.
   */
  async importConfig(source: string, values: Record<string, string> = {}): Promise<ImportOutcome> {
    const ctx = await this.importContext();
    const done = await commitImport(ctx, await prepareImport(ctx, source, ''), values);
    for (const m of done.moves) this.redactor.add(m.value);
    for (const v of Object.values(values)) if (v) this.redactor.add(v);
    const config = await this.saveConfig(done.text);
    const path = this.config.path;
    return {
      path,
      servers: config.servers.length,
      imported: done.imported,
      storedSecrets: done.storedInputs,
      missingSecrets: done.missingInputs,
    };
  }

  private async importContext(): Promise<ImportContext> {
    return { path: this.config.path, text: await this.config.readText(), store: this.live().secrets, pins: this.pins };
  }

  /** Profile summaries, recomputed against the tools running now. */
  async listProfiles(): Promise<ProfileSummary[]> {
    const { gateway } = this.live();
    return gateway.profiles.refresh(gateway.baseUrl());
  }

  /** The tools one profile gives access to (for a discovery profile: the searchable ones). */
  async profileTools(name: string): Promise<ToolInfo[]> {
    const { gateway } = this.live();
    const view = gateway.profiles.get(name);
    if (!view) {
      const known = gateway.profiles
        .all()
        .map((v) => v.name)
        .join(', ');
      throw new AppError(ErrorCode.BAD_REQUEST, `unknown profile "${name}"; configured: ${known || 'none'}`);
    }
    return (await gateway.aggregator.listTools()).filter((t) => inProfile(view.config, t));
  }

  /** Sets (or with null removes) one profile through the same validated, atomic save as the Config page. */
  async saveProfile(name: string, profile: Omit<ProfileConfig, 'name'> | null): Promise<ProfileSummary[]> {
    this.live(); // profiles are applied to the running gateway; before start, edit the file instead
    const problem = profileNameProblem(name);
    if (problem) throw new AppError(ErrorCode.BAD_REQUEST, problem);
    await this.saveConfig(withProfile(await this.config.readText(), name, profile));
    return this.listProfiles();
  }

  connectionInfo(): ConnectionInfo {
    if (!this.endpoint) throw new AppError(ErrorCode.SERVER_NOT_RUNNING, 'the gateway is not listening');
    const url = this.endpoint.url;
    return {
      url,
      token: this.token,
      tokenFile: this.tokenLocation,
      stdioCommand: stdioBridgeCommand(this.stdioLauncher, url, this.env.dataDir),
      cliCommand: [this.stdioLauncher.command, ...this.stdioLauncher.args],
      ...(this.stdioLauncher.env ? { stdioEnv: this.stdioLauncher.env } : {}),
    };
  }

  listClients(): Promise<ClientTokenInfo[]> {
    this.live(); // the CLI edits the file itself when no orchestrator runs
    return this.clients.list();
  }

  async addClient(name: string, profile: string | null): Promise<{ token: string; client: ClientTokenInfo }> {
    const { gateway } = this.live();
    if (profile !== null && !gateway.profiles.get(profile)) {
      throw new AppError(ErrorCode.BAD_REQUEST, `unknown profile "${profile}"; a client token is bound to /mcp or to a configured profile`);
    }
    const { token, info } = await this.clients.add(name, profile);
    return { token, client: info };
  }

  /** Read from the files, so lines written before this run (or by an earlier one) show too. */
  listAudit(query: AuditQuery): Promise<AuditPage> {
    return queryAudit(this.env.dataDir, query);
  }

  async revokeClient(name: string): Promise<void> {
    this.live();
    if (!(await this.clients.revoke(name))) throw new AppError(ErrorCode.BAD_REQUEST, `no client named "${name}"`);
    // Its open sessions and streams end now, not at their next request.
    await this.gateway?.closeClientSessions(name);
  }

  /** Issue 22: definitions that changed (or are new) since approved, with their diffs; every server's without `server`. */
  listPinChanges(server?: string): Promise<PinChange[]> {
    this.live();
    return this.pins.changes(server);
  }

  /** Approves (re-pins; the definition is served again) or rejects (it stays hidden) one change, or all with name null. */
  async reviewPinChange(server: string, name: string | null, decision: PinDecision): Promise<PinChange[]> {
    this.live();
    await this.pins.review(server, name === null ? 'all' : [name], decision);
    return this.pins.changes(server);
  }

  async rotateToken(): Promise<void> {
    const t = await rotateToken({ store: this.live().secrets, dataDir: this.env.dataDir });
    this.token = t.token;
    this.tokenLocation = t.location;
    this.redactor.add(this.token);
    // Whoever held the old token must not keep an open stream or session with it.
    await this.gateway?.closeAllSessions();
    this.tokenRotations.emit();
  }
}

export function createCore(options: CoreOptions): MCPOrchestrator {
  return new MCPOrchestrator(options);
}
