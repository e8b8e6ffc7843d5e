import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAppStore } from '../../app/store-context.js';
import { selectSecretSource } from '../../store.js';

/** One required variable: presence, and a write-only field. The value is never read back. */
export function EnvVarRow({ serverId, name, present }: { serverId: string; name: string; present: boolean }) {
  const source = useAppStore(selectSecretSource(name));
  const keychain = useAppStore((s) => s.status?.secretStore !== 'unavailable');
  const setSecret = useAppStore((s) => s.setSecret);
  const deleteSecret = useAppStore((s) => s.deleteSecret);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const key = `${serverId}-${name}`;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!value) return;
    setBusy(true);
    if (await setSecret(name, value)) setValue('');
    setBusy(false);
  };
  const clear = async () => {
    setBusy(true);
    await deleteSecret(name);
    setBusy(false);
  };

  return (
    <form className="env-row" onSubmit={(e) => void save(e)}>
      <code className="env-name">{name}</code>
      <span
        className={present ? 'badge state-running' : 'badge state-failed'}
        data-testid={`env-status-${key}`}
        data-present={present ? 'true' : 'false'}
      >
        {present ? `present${source !== 'missing' ? ` (${source})` : ''}` : 'missing'}
      </span>
      <input
        type="password"
        autoComplete="off"
        placeholder={keychain ? (present ? 'Replace value' : 'Set value') : 'No keychain: use an env var'}
        disabled={!keychain}
        data-testid={`env-input-${key}`}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="btn btn-small btn-primary" data-testid={`env-save-${key}`} disabled={busy || !value || !keychain}>
        Save
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid={`env-clear-${key}`}
        disabled={busy || source !== 'keychain'}
        title="Remove the value from the keychain"
        onClick={() => void clear()}
      >
        Clear
      </button>
    </form>
  );
}
