import type { ControlEvents } from '../../../shared/contract.js';
import type { ErrorInfo } from '../../../shared/errors.js';
import type { ConfigIssue, ImportPreview, ServerConfig } from '../../../shared/types.js';
import { parse, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import type { TransportClient } from '../api/build-client.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

/** A config issue; local syntax errors also carry where in the text they are. */
export type EditorIssue = ConfigIssue & { offset?: number };

export interface ConfigSlice {
  configPath: string;
  configText: string;
  /** The text as last loaded or saved; differs from configText while editing. */
  savedText: string;
  configIssues: ConfigIssue[];
  /** null while unknown (not validated yet or a validation is in flight). */
  configValid: boolean | null;
  configServers: ServerConfig[];
  configSaving: boolean;
  configSaveError: ErrorInfo | null;
  /** The file as it is on disk now, when a save found it changed since the editor loaded it. */
  configConflict: { diskText: string } | null;
  lastReload: ControlEvents['configReloaded'] | null;
  importedIds: string[] | null;
  /** Secrets the last import left missing (its servers wait for them). */
  importMissing: string[];
  /** What the pending import would do (entries, inputs, the file's diff); nothing is written until importConfig confirms it. */
  importPreview: ImportPreview | null;
  loadConfig(): Promise<void>;
  setConfigText(text: string): void;
  validateConfig(text: string): Promise<void>;
  /** Writes the editor's text unless the file changed on disk since it was loaded. */
  saveConfig(): Promise<boolean>;
  /** After a conflict: write the editor's text over the version now on disk. */
  overwriteConfig(): Promise<boolean>;
  previewImport(text: string): Promise<boolean>;
  cancelImport(): void;
  /** `values`: VS Code inputs by id; one left out or empty stays a missing key. */
  importConfig(text: string, values?: Record<string, string>): Promise<boolean>;
  onConfigReloaded(event: ControlEvents['configReloaded']): void;
}

/**
 * Local syntax check first: no round trip for text that is not even JSONC. Comments and trailing
 * commas are fine, as they are for the server; the path names the line and column of the problem.
 */
function syntaxIssue(text: string): ConfigIssue | null {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length === 0) return null;
  const first = errors[0];
  const before = text.slice(0, first.offset).split('\n');
  const where = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
  const issue: EditorIssue = { path: where, message: `JSON syntax: ${printParseErrorCode(first.error)}`, offset: first.offset };
  return issue;
}

type SetState = Parameters<ReturnType<SliceCreator<ConfigSlice>>>[0];
type GetState = Parameters<ReturnType<SliceCreator<ConfigSlice>>>[1];

/** Saves the editor's text if the file on disk is still `base`; a conflict keeps the edits and fetches the disk version. */
async function writeConfig(client: TransportClient, set: SetState, get: GetState, base: string): Promise<boolean> {
  const text = get().configText;
  set({ configSaving: true, configSaveError: null });
  const result = await client.saveConfig(text, base);
  if (!result.ok) {
    const disk = result.error.code === 'CONFIG_CONFLICT' ? await client.getConfig() : null;
    set({
      configSaving: false,
      configSaveError: disk?.ok ? null : result.error,
      configConflict: disk?.ok ? { diskText: disk.value.text } : null,
    });
    return false;
  }
  set({ configSaving: false, savedText: text, configPath: result.value.path, configConflict: null });
  const restart = result.value.needsRestart?.length ? `; needs restart: ${result.value.needsRestart.join(', ')}` : '';
  get().pushToast(`Saved ${result.value.servers} servers to ${result.value.path}${restart}`, 'info');
  return true;
}

export const createConfigSlice: SliceCreator<ConfigSlice> = (client) => {
  // Only the newest validation may write its answer; older ones finish late on slow links.
  let validationSeq = 0;
  return (set, get) => ({
    configPath: '',
    configText: '',
    savedText: '',
    configIssues: [],
    configValid: null,
    configServers: [],
    configSaving: false,
    configSaveError: null,
    configConflict: null,
    lastReload: null,
    importedIds: null,
    importMissing: [],
    importPreview: null,
    loadConfig: async () => {
      const doc = unwrap(get, await client.getConfig(), 'Config');
      if (!doc) return;
      set({ configPath: doc.path, configText: doc.text, savedText: doc.text, configSaveError: null, configConflict: null });
      await get().validateConfig(doc.text);
    },
    setConfigText: (configText) => set({ configText, configValid: null, configSaveError: null }),
    validateConfig: async (text) => {
      const seq = ++validationSeq;
      const local = syntaxIssue(text);
      if (local) {
        set({ configIssues: [local], configValid: false });
        return;
      }
      const result = await client.validateConfig(text);
      if (seq !== validationSeq) return;
      if (result.ok) {
        set({ configIssues: result.value.issues, configValid: result.value.valid, configServers: result.value.servers });
      } else {
        set({ configIssues: [{ path: '(root)', message: result.error.message }], configValid: false });
      }
    },
    saveConfig: () => writeConfig(client, set, get, get().savedText),
    overwriteConfig: async () => {
      const conflict = get().configConflict;
      return conflict ? writeConfig(client, set, get, conflict.diskText) : false;
    },
    previewImport: async (text) => {
      const result = await client.previewImport(text);
      if (!result.ok) {
        get().pushToast(`Import: ${result.error.message}`, 'error');
        return false;
      }
      set({ importPreview: result.value, importedIds: null, importMissing: [] });
      return true;
    },
    cancelImport: () => set({ importPreview: null }),
    importConfig: async (text, values = {}) => {
      set({ importPreview: null });
      const result = await client.importConfig(text, values);
      if (!result.ok) {
        get().pushToast(`Import: ${result.error.message}`, 'error');
        return false;
      }
      set({ importedIds: result.value.imported, importMissing: result.value.missingSecrets });
      get().pushToast(`Imported ${result.value.imported.length} servers`, 'info');
      await get().loadConfig();
      return true;
    },
    onConfigReloaded: (event) => {
      set({ lastReload: event });
      // Pull the new file only if the user has no unsaved edits to lose.
      const { configText, savedText } = get();
      if (event.ok && configText === savedText) void get().loadConfig();
    },
  });
};
