import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useAppStore } from '../../store-context.js';
import { selectSecretSource } from '../../store.js';
import { cliLine } from '../connect/snippets.js';

/** One required variable: presence, and a write-only field. The value is never read back. */
export function EnvVarRow({ serverId, name, present }: { serverId: string; name: string; present: boolean }) {
  const source = useAppStore(selectSecretSource(name));
  const keychain = useAppStore((s) => s.status?.secretStore !== 'unavailable');
  const setSecret = useAppStore((s) => s.setSecret);
  const deleteSecret = useAppStore((s) => s.deleteSecret);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const key = `${serverId}-${name}`;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!value) return;
    setBusy(true);
    if (await setSecret(name, value)) setValue('');
    setBusy(false);
    // Save is disabled now (the field is empty): keep focus in the row instead of losing it to the page.
    input.current?.focus();
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
        ref={input}
        type="password"
        autoComplete="off"
        aria-label={`Value for ${name}`}
        aria-describedby={keychain ? undefined : `nokeychain-${key}`}
        placeholder={keychain ? (present ? 'Replace value' : 'Set value') : 'No keychain available'}
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
        title={
          source === 'keychain'
            ? 'Remove the value from the keychain'
            : source === 'env'
              ? 'Set in the environment of serve; unset it there'
              : 'Nothing stored in the keychain'
        }
        onClick={() => void clear()}
      >
        Clear
      </button>
      {!keychain && <NoKeychainHelp id={`nokeychain-${key}`} name={name} />}
    </form>
  );
}

/** How to get a key in without a keychain, and how to get a keychain. */
function NoKeychainHelp({ id, name }: { id: string; name: string }) {
  const info = useAppStore((s) => s.connectionInfo);
  return (
    <div className="help small" id={id} data-testid="no-keychain-help">
      <p>
        No OS keychain is reachable, so keys can’t be stored here. Either export the key before starting:{' '}
        <code>
          {name}=… {cliLine(info, ['serve'])}
        </code>
        , or make a keychain available and restart <code>serve</code>: on Linux install <code>gnome-keyring</code> (or KeePassXC with Secret
        Service) and unlock it in your session; on a headless box run it under <code>dbus-run-session</code> with{' '}
        <code>gnome-keyring-daemon --unlock</code>.
      </p>
    </div>
  );
}
