// The core's implementation of the control API. Every method returns a Result: expected
// failures become { ok: false } here, so neither IPC nor HTTP ever sees a thrown error.
import type { ControlApi } from '../../../shared/contract.js';
import { parseConfigText, serializeConfig } from '../../../shared/config-schema.js';
import { planImport, type ImportPlan } from '../../../shared/import-plan.js';
import { storeImportSecrets } from '../config/import-secrets.js';
import { AppError, ErrorCode, ok, toErrorInfo, type Result } from '../../../shared/errors.js';
import type { MCPOrchestrator } from '../create-core.js';
import { assertUserSecretName, secretNames } from './secret-names.js';
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
    getStatus: () => run(() => core.redactor.redactDeep(core.getServerStatus(), { byFieldName: false })),
    startServer: (id) => run(async () => (requireRunning(), await core.startServer(id), null)),
    stopServer: (id) => run(async () => (requireRunning(), await core.stopServer(id), null)),
    restartServer: (id) => run(async () => (requireRunning(), await core.restartServer(id), null)),
    startAll: () => run(async () => (await core.supervisor.startAll(), null)),
    stopAll: () => run(async () => (await core.supervisor.stopAll(), null)),
    // Lines are redacted when logged; again here for secrets learned since (a key stored after a child printed it).
    getLogs: (id) => run(() => core.redactor.redactDeep(core.supervisor.logs(id), { byFieldName: false })),

    listTools: () => run(() => core.gateway.aggregator.listTools()),
    callTool: (name, args, requestId) =>
      run(async () => {
        const controller = new AbortController();
        if (requestId) chats.set(requestId, controller);
        const onProgress = requestId
          ? (p: { progress: number; total?: number; message?: string }) => core.emit('toolProgress', { requestId, ...p })
          : undefined;
        try {
          const result = await core.gateway.aggregator
            .callTool(name, args ?? {}, { signal: controller.signal, onProgress })
            .catch((e) => {
              throw toAppError(e);
            });
          return {
            isError: Boolean(result.isError),
            content: (result.content as unknown[]) ?? [],
            structuredContent: result.structuredContent,
          };
        } finally {
          if (requestId) chats.delete(requestId);
        }
      }),
    listPrompts: () => run(() => core.gateway.aggregator.listPrompts()),
    getPrompt: (name, args) => run(() => core.gateway.aggregator.getPrompt(name, args).catch((e) => Promise.reject(toAppError(e)))),
    listResources: () => run(() => core.gateway.aggregator.listResources()),
    readResource: (uri) => run(() => core.gateway.aggregator.readResource(uri).catch((e) => Promise.reject(toAppError(e)))),

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
    previewImport: (text) =>
      run(() => {
        const plan = planFor(core, text);
        return { entries: plan.entries };
      }),
    // The confirmed step: keys move to the keychain, the file is written (0600) and new entries may start.
    importConfig: (text) =>
      run(async () => {
        const plan = planFor(core, text);
        const stored = await storeImportSecrets(plan, core.secrets);
        for (const m of stored.moves) core.redactor.add(m.value);
        const config = await core.config.save(serializeConfig(stored.config));
        // Before a successful start (e.g. the first config was invalid) there is nothing to apply it to yet.
        if (core.supervisor) await core.supervisor.setServers(config.servers);
        return { path: core.config.path, servers: config.servers.length, imported: plan.imported };
      }),

    listSecrets: () => run(async () => core.resolver.sources(await secretNames(core))),
    setSecret: (name, value) =>
      run(async () => {
        assertUserSecretName(name);
        if (typeof value !== 'string' || value.length === 0) throw new AppError(ErrorCode.BAD_REQUEST, 'a secret value must be a non-empty string');
        await core.secrets.set(name, value);
        core.redactor.add(value);
        await startWaitingFor(core, name);
        return null;
      }),
    deleteSecret: (name) =>
      run(async () => {
        assertUserSecretName(name);
        await core.secrets.delete(name);
        if (core.supervisor) await core.supervisor.envChanged(name);
        return null;
      }),

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

/** What importing `text` into the current config would do; throws CONFIG_INVALID naming the first problem. */
function planFor(core: MCPOrchestrator, text: string): ImportPlan {
  const base = core.config.current;
  if (!base) throw new AppError(ErrorCode.CONFIG_NOT_FOUND, 'configuration not loaded');
  const planned = planImport(base, text);
  if (!planned.ok) {
    const first = planned.issues[0];
    throw new AppError(ErrorCode.CONFIG_INVALID, `cannot import: ${first ? `${first.path || '(root)'}: ${first.message}` : 'unrecognised file'}`);
  }
  return planned.plan;
}
