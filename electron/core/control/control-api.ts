// The control API over the core's narrow operations. Every method returns a Result: expected
// failures become { ok: false } here, so neither IPC nor HTTP ever sees a thrown error.
import type { ControlApi } from '../../../shared/contract.js';
import { parseConfigText } from '../../../shared/config-schema.js';
import { AppError, ErrorCode, ok, toErrorInfo, type Result } from '../../../shared/errors.js';
import { assertUserSecretName } from '../secrets/secret-names.js';
import { toAppError } from '../wire/errors.js';
import type { ControlCore } from './control-core.js';
import { createInspectorApi } from './inspector-api.js';
import { checkStructuredOutput } from './output-check.js';
import { createAgent } from './control-agent.js';
import { UiPeer } from './ui-peer.js';
import { chatToSamplingResult, pickModel, samplingToChat } from './sampling-map.js';

/** The UI's peer: a child's requests back become events, and the router answers sampling only when asked to. */
function createUiPeer(core: ControlCore): UiPeer {
  return new UiPeer({
    emitRequest: (event) => core.emit('peerRequest', event),
    emitDone: (event) => core.emit('peerRequestDone', event),
    roots: () => core.config.current?.orchestrator.roots ?? [],
    // The core's timers (env.clock), so a request nobody answers times out in virtual time in tests too.
    setTimer: (fn, ms) => {
      const handle = core.env.clock.setTimeout(fn, ms);
      handle.unref();
      return () => core.env.clock.clearTimeout(handle);
    },
    sample: async (params, signal) => {
      const hinted = (params.modelPreferences as { hints?: unknown[] } | undefined)?.hints?.length;
      const models = hinted
        ? await core
            .assistant()
            .listModels()
            .catch(() => [])
        : [];
      const res = await core.assistant().chat(samplingToChat(params, pickModel(params, models)), { signal });
      return chatToSamplingResult(res);
    },
  });
}

type Wrapped<T> = Promise<Result<T>>;

export function createControlApi(core: ControlCore): ControlApi {
  const inFlight = new Map<string, AbortController>();
  const peer = createUiPeer(core);
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
  // MCP errors from the gateway become our Result codes.
  const mcp = <T>(fn: () => Promise<T>): Wrapped<T> => run(() => fn().catch((e: unknown) => Promise.reject(toAppError(e))));
  const done = async (p: Promise<void>) => (await p, null);
  const agent = createAgent(core);
  /** Runs fn with an AbortController registered under requestId, so cancel(requestId) reaches it. */
  const cancellable = async <T>(requestId: string | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    if (requestId) inFlight.set(requestId, controller);
    try {
      return await fn(controller.signal);
    } finally {
      if (requestId) inFlight.delete(requestId);
    }
  };

  return {
    // Redacted once per change by the core (core-status.ts StatusSnapshot), shared with the push.
    getStatus: () => run(() => core.getServerStatus()),
    startServer: (id) => run(() => done(core.startServer(id))),
    stopServer: (id) => run(() => done(core.stopServer(id))),
    restartServer: (id) => run(() => done(core.restartServer(id))),
    startAll: () => run(() => done(core.startAll())),
    stopAll: () => run(() => done(core.stopAll())),
    // Lines are redacted when logged; again here for secrets learned since (a key stored after a child printed it).
    getLogs: (id) => run(() => core.redactor.redactDeep(core.logs(id), { byFieldName: false })),

    listTools: () => mcp(() => core.mcp().listTools()),
    callTool: (name, args, requestId) =>
      mcp(() =>
        cancellable(requestId, async (signal) => {
          const onProgress = requestId
            ? (p: { progress: number; total?: number; message?: string }) => core.emit('toolProgress', { requestId, ...p })
            : undefined;
          // The admin user calling explicitly (Tools page, CLI `call`): no approval is asked (README, Security).
          // The UI is the call's client for the child's requests back (sampling, elicitation, roots).
          const ui = peer.open(name, requestId);
          const result = await core
            .mcp()
            .callTool(name, args ?? {}, { signal, onProgress, byUser: true, link: ui.link })
            .finally(ui.close);
          const tool = (await core.mcp().listTools()).find((t) => t.name === name);
          const outputValidation = checkStructuredOutput(tool?.outputSchema, result);
          return {
            isError: Boolean(result.isError),
            content: (result.content as unknown[]) ?? [],
            structuredContent: result.structuredContent,
            ...(outputValidation ? { outputValidation } : {}),
          };
        }),
      ),
    listPrompts: () => mcp(() => core.mcp().listPrompts()),
    getPrompt: (name, args) => mcp(() => core.mcp().getPrompt(name, args)),
    listResources: () => mcp(() => core.mcp().listResources()),
    readResource: (uri) => mcp(() => core.mcp().readResource(uri)),

    getConfig: () => run(async () => ({ path: core.config.path, text: await core.config.readText() })),
    validateConfig: (text) =>
      run(() => {
        const parsed = parseConfigText(text);
        return parsed.ok
          ? { valid: true, issues: [], servers: parsed.config.servers }
          : { valid: false, issues: parsed.issues, servers: [] };
      }),
    saveConfig: (text, base) =>
      run(async () => {
        const servers = (await core.saveConfig(text, base)).servers.length;
        const needsRestart = core.getServerStatus().needsRestart;
        return { path: core.config.path, servers, ...(needsRestart ? { needsRestart } : {}) };
      }),
    previewImport: (text) => run(() => core.previewImport(text)),
    // The confirmed step: keys and given inputs go to the keychain, the file is edited (0600) and new entries may start.
    importConfig: (text, values) => run(() => core.importConfig(text, values ?? {})),

    listSecrets: () => run(() => core.listSecrets()),
    setSecret: (name, value) =>
      run(async () => {
        assertUserSecretName(name);
        if (value.length === 0) throw new AppError(ErrorCode.BAD_REQUEST, 'a secret value must be a non-empty string');
        return done(core.setSecret(name, value));
      }),
    deleteSecret: (name) => run(async () => (assertUserSecretName(name), done(core.deleteSecret(name)))),

    chat: (requestId, request) =>
      run(() =>
        cancellable(requestId, (signal) =>
          core.assistant().chat(request, { signal, onDelta: (delta) => core.emit('chatChunk', { requestId, delta }) }),
        ),
      ),
    // --- agent chat ---
    agentChat: (requestId, request) =>
      run(() =>
        cancellable(requestId, (signal) =>
          agent.chat(requestId, request, { signal, onDelta: (delta) => core.emit('chatChunk', { requestId, delta }) }),
        ),
      ),
    approveToolCall: (requestId, callId, allow) =>
      run(() => {
        if (!agent.approvals.decide(requestId, callId, allow)) {
          throw new AppError(ErrorCode.BAD_REQUEST, `no tool call "${callId}" waits for approval in request "${requestId}"`);
        }
        return null;
      }),
    cancel: (requestId) =>
      run(() => {
        inFlight.get(requestId)?.abort(new AppError(ErrorCode.CANCELLED, 'cancelled by the user'));
        return null;
      }),
    getWeather: (location, units) => run(() => core.assistant().getWeather(location, units)),
    searchWeb: (query, numResults) => run(() => core.assistant().searchWeb(query, numResults)),
    listModels: (vendor) => run(() => core.assistant().listModels(vendor)),

    getConnectionInfo: () => run(() => core.connectionInfo()),
    listClients: () => run(() => core.listClients()),
    addClient: (name, profile) => run(() => core.addClient(name, profile)),
    revokeClient: (name) => run(() => done(core.revokeClient(name))),
    // Issue 22 pinning
    listPinChanges: (server) => run(() => core.listPinChanges(server)),
    reviewPinChange: (server, name, decision) => run(() => core.reviewPinChange(server, name, decision)),
    rotateToken: () =>
      run(async () => {
        await core.rotateToken();
        return core.connectionInfo();
      }),
    listProfiles: () => run(() => core.listProfiles()),
    profileTools: (name) => run(() => core.profileTools(name)),
    saveProfile: (name, profile) => run(() => core.saveProfile(name, profile)),

    listQuestions: () => run(() => core.redactor.redactDeep(core.questions.pending(), { byFieldName: false })),
    answerQuestion: (id, answer) => run(() => (core.questions.answer(id, answer), null)),
    listAudit: (query) => run(() => core.listAudit(query ?? {})),
    ...createInspectorApi(core, { run, mcp }),
    // issue 23 (inspector-b)
    answerPeerRequest: (id, answer) => run(() => peer.answer(id, answer)),
    getProtocolLog: (id) => run(() => core.protocolLog(id)),
    watchProtocolLog: (id, on) => run(() => (core.watchProtocolLog(id, on), null)),
    // OAuth for remote servers (issue 21 item 6); results carry no token (core-auth.ts)
    signInServer: (id) => run(() => core.auth.signIn(id)),
    signOutServer: (id) => run(() => core.auth.signOut(id)),
    getAuthStatus: () => run(() => core.auth.authStatus()),
  };
}
