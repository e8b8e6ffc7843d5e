import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store-context.js';

const numberOrNull = (text: string): number | null => {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};

/** Which tools the model gets: a profile's, and/or single tools picked by name. */
function ToolPicker() {
  const settings = useAppStore((s) => s.chatSettings);
  const set = useAppStore((s) => s.setChatSettings);
  const profiles = useAppStore(useShallow((s) => (s.status?.profiles ?? []).map((p) => p.name)));
  const tools = useAppStore(useShallow((s) => s.tools.filter((t) => t.enabled).map((t) => t.name)));
  const toggle = (name: string, on: boolean) => set({ tools: on ? [...settings.tools, name] : settings.tools.filter((t) => t !== name) });
  return (
    <fieldset className="chat-tools">
      <legend>Tools (agent mode)</legend>
      <label>
        Profile
        <select data-testid="chat-profile-select" value={settings.profile} onChange={(e) => set({ profile: e.target.value })}>
          <option value="">none</option>
          {profiles.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <details>
        <summary data-testid="chat-tools-summary">
          {settings.tools.length ? `${settings.tools.length} tool${settings.tools.length === 1 ? '' : 's'} picked` : 'Pick single tools'}
        </summary>
        <ul className="chat-tool-list">
          {tools.map((name) => (
            <li key={name}>
              <label>
                <input
                  type="checkbox"
                  data-testid="chat-tool-option"
                  checked={settings.tools.includes(name)}
                  onChange={(e) => toggle(name, e.target.checked)}
                />
                {name}
              </label>
            </li>
          ))}
        </ul>
      </details>
      <p className="small muted">Calls that may change something wait for your Allow in the chat.</p>
    </fieldset>
  );
}

/** Per-conversation settings: system prompt, temperature, max tokens, and the tools of agent mode. */
export function ChatSettingsPanel() {
  const settings = useAppStore((s) => s.chatSettings);
  const set = useAppStore((s) => s.setChatSettings);
  const agent = settings.profile !== '' || settings.tools.length > 0;
  return (
    <details className="chat-settings" data-testid="chat-settings">
      <summary>Chat settings{agent ? ' · agent mode' : ''}</summary>
      <div className="chat-settings-body">
        <label className="chat-system">
          System prompt
          <textarea
            data-testid="chat-system-prompt"
            rows={2}
            value={settings.systemPrompt}
            onChange={(e) => set({ systemPrompt: e.target.value })}
          />
        </label>
        <label>
          Temperature
          <input
            type="number"
            data-testid="chat-temperature"
            min={0}
            max={2}
            step={0.1}
            placeholder="default"
            value={settings.temperature ?? ''}
            onChange={(e) => set({ temperature: numberOrNull(e.target.value) })}
          />
        </label>
        <label>
          Max tokens
          <input
            type="number"
            data-testid="chat-max-tokens"
            min={1}
            step={1}
            placeholder="default"
            value={settings.maxTokens ?? ''}
            onChange={(e) => {
              const n = numberOrNull(e.target.value);
              set({ maxTokens: n !== null && n >= 1 ? Math.floor(n) : null });
            }}
          />
        </label>
        <ToolPicker />
      </div>
    </details>
  );
}
