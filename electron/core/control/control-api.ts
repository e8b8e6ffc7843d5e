// The core's implementation of the control API. Every method returns a Result: expected
// failures become { ok: false } here, so neither IPC nor HTTP ever sees a thrown error.
import type { ControlApi } from '../../../shared/contract.js';
import { importClientConfig, mergeServers, parseConfigText, serializeConfig } from '../../../shared/config-schema.js';
import { AppError, ErrorCode, ok, toErrorInfo, type Result } from '../../../shared/errors.js';
import type { MCPOrchestrator } from '../create-core.js';
import { secretNames } from './secret-names.js';
import { toAppError } from '../gateway/errors.js';
import { createProfilesApi } from './profiles-api.js';

type Wrapped<T> = Promise<Result<T>>;

export function createControlApi(core: MCPOrchestrator): ControlApi {
  const chats = new Map<string, AbortController>();
  const redactInfo = (err: unknown) => {
    const info = toErrorInfo(err);
    if (info.code === ErrorCode.INTERNAL) core.env.logger.error('control call failed', { error: core.redactor.redact(info.message) });
    return { ...info, message: core.redactor.redact(info.message) };
  };
  const run = async <T>(fn: () => Promise<T> | T): Wrapped<T> => {
    try {
      return ok(await fn());
    } catch (err) {
      return { ok: false, error: redactInfo(err) };
    }
  };
  const requireRunning = () => {
    if (!core.supervisor) throw new AppError(ErrorCode.INTERNAL, 'orchestrator is not started');
  };

  return {
    getStatus: () => run(() => core.getServerStatus()),
    startServer: (id) => run(async () => (requireRunning(), await core.startServer(id), null)),
    stopServer: (id) => run(async () => (requireRunning(), await core.stopServer(id), null)),
    restartServer: (id) => run(async () => (requireRunning(), await core.restartServer(id), null)),
    startAll: () => run(async () => (await core.supervisor.startAll(), null)),
    stopAll: () => run(async () => (await core.supervisor.stopAll(), null)),
    getLogs: (id) => run(() => core.supervisor.logs(id)),

    listTools: () => run(() => core.gateway.aggregator.listTools()),
    callTool: (name, args) =>
      run(async () => {
        const result = await core.gateway.aggregator.callTool(name, args ?? {}).catch((e) => {
          throw toAppError(e);
        });
        return {
          isError: Boolean(result.isError),
          content: (result.content as unknown[]) ?? [],
          structuredContent: result.structuredContent,
        };
      }),

    getConfig: () => run(async () => ({ path: core.config.path, text: await core.config.readText() })),
    validateConfig: (text) =>
      run(() => {
        const parsed = parseConfigText(text);
        return parsed.ok
          ? { valid: true, issues: [], servers: parsed.config.servers }
          : { valid: false, issues: parsed.issues, servers: [] };
      }),
    saveConfig: (text) =>
      run(async () => {
        const config = await core.config.save(text);
        // Before a successful start (e.g. the first config was invalid) there is nothing to apply it to yet.
        if (core.supervisor) await core.supervisor.setServers(config.servers);
        await core.applyProfiles(config);
        return { path: core.config.path, servers: config.servers.length };
      }),
    importConfig: (text) =>
      run(async () => {
        const parsed = importClientConfig(text);
        if (!parsed.ok) {
          const first = parsed.issues[0];
          throw new AppError(ErrorCode.CONFIG_INVALID, `cannot import: ${first ? `${first.path || '(root)'}: ${first.message}` : 'unrecognised file'}`);
        }
        const base = core.config.current;
        if (!base) throw new AppError(ErrorCode.CONFIG_NOT_FOUND, 'configuration not loaded');
        const merged = mergeServers(base, parsed.servers);
        const config = await core.config.save(serializeConfig(merged.config));
        // Before a successful start (e.g. the first config was invalid) there is nothing to apply it to yet.
        if (core.supervisor) await core.supervisor.setServers(config.servers);
        return { path: core.config.path, servers: config.servers.length, imported: merged.imported };
      }),

    listSecrets: () => run(async () => core.resolver.sources(await secretNames(core))),
    setSecret: (name, value) =>
      run(async () => {
        if (typeof value !== 'string' || value.length === 0) throw new AppError(ErrorCode.BAD_REQUEST, 'a secret value must be a non-empty string');
        await core.secrets.set(name, value);
        core.redactor.add(value);
        await startWaitingFor(core, name);
        return null;
      }),
    deleteSecret: (name) => run(async () => (await core.secrets.delete(name), null)),

    chat: (requestId, request) =>
      run(async () => {
        const controller = new AbortController();
        chats.set(requestId, controller);
        try {
          return await core.router.chat(request, {
            signal: controller.signal,
            onDelta: (delta) => core.emit('chatChunk', { requestId, delta }),
          });
        } finally {
          chats.delete(requestId);
        }
      }),
    cancel: (requestId) =>
      run(() => {
        chats.get(requestId)?.abort(new AppError(ErrorCode.CANCELLED, 'cancelled by the user'));
        return null;
      }),
    getWeather: (location, units) => run(() => core.router.getWeather(location, units)),
    searchWeb: (query, numResults) => run(() => core.router.searchWeb(query, numResults)),
    listModels: (vendor) => run(() => core.router.listModels(vendor)),

    getConnectionInfo: () => run(() => connectionInfo(core)),
    rotateToken: () =>
      run(async () => {
        await core.rotateToken();
        return connectionInfo(core);
      }),
    ...createProfilesApi(core, run),
  };
}

function connectionInfo(core: MCPOrchestrator) {
  const status = core.getServerStatus();
  if (!status.gateway) throw new AppError(ErrorCode.INTERNAL, 'gateway is not listening');
  return {
    url: status.gateway.url,
    token: core.token,
    tokenFile: core.tokenLocation,
    stdioCommand: ['npx', 'mcp-orchestrator', 'stdio', '--url', status.gateway.url],
  };
}

/** After a secret is stored, start the servers that were waiting only for it. */
async function startWaitingFor(core: MCPOrchestrator, name: string) {
  const waiting = core.supervisor
    .statuses()
    .filter((s) => s.enabled && s.missingEnv.includes(name) && (s.state === 'stopped' || s.state === 'failed'));
  await Promise.allSettled(waiting.map((s) => core.startServer(s.id)));
}
