import { useState } from 'react';
import { useAppStore } from '../../store-context.js';
import { saveToken } from '../../api/token.js';
import { CopyButton } from '../../components/CopyButton.js';
import { ProfilePicker } from '../profiles/ProfilePicker.js';
import { buildSnippets, maskToken, withEndpoint } from './snippets.js';
import { ClientTokens, type CreatedToken } from './ClientTokens.js';

export function ConnectPanel() {
  const info = useAppStore((s) => s.connectionInfo);
  const rotate = useAppStore((s) => s.rotateToken);
  const transport = useAppStore((s) => s.transport);
  const [reveal, setReveal] = useState(false);
  const [profile, setProfile] = useState('');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const profileUrl = useAppStore((s) => s.status?.profiles?.find((p) => p.name === profile)?.url);
  if (!info)
    return (
      <section className="panel">
        <p className="muted">Loading connection info…</p>
      </section>
    );

  const shown = profileUrl ? withEndpoint(info, profileUrl) : info;
  const picked = profileUrl ? profile : null;
  // A token created for another endpoint than the one picked now does not fit these snippets.
  const snippets = buildSnippets(shown, created && created.profile === picked ? created.token : undefined);
  const onRotate = () => {
    if (!window.confirm('Rotate the token? Every connected client must be updated.')) return;
    void rotate().then((next) => {
      // This page authenticates with the same token over HTTP: switch to the new one.
      if (next && transport === 'http' && saveToken(next.token)) window.location.reload();
    });
  };
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Connect an agent</h2>
      </div>
      <div className="card">
        <div className="kv">
          <span className="k">Endpoint</span>
          <code data-testid="connect-url">{shown.url}</code>
          <CopyButton text={shown.url} testId="connect-url-copy" />
        </div>
        <div className="kv">
          <span className="k">Admin token</span>
          <code data-testid="connect-token">{reveal ? info.token : maskToken(info.token)}</code>
          <button type="button" className="btn btn-small" data-testid="connect-token-reveal" onClick={() => setReveal(!reveal)}>
            {reveal ? 'Hide' : 'Reveal'}
          </button>
          <CopyButton text={info.token} testId="connect-token-copy" />
          <button type="button" className="btn btn-small btn-danger" data-testid="connect-rotate" onClick={onRotate}>
            Rotate
          </button>
        </div>
        <p className="muted small">
          Stored in <code>{info.tokenFile}</code>. It runs this UI and the CLI, and reaches the control API (which can change the config):
          do not put it in an IDE&apos;s config file; create a client token below instead. Only clients on this machine can reach the
          endpoint.
        </p>
      </div>
      <ProfilePicker selected={profileUrl ? profile : ''} onSelect={setProfile} />
      <ClientTokens profile={picked} created={created} onCreated={setCreated} />
      <div className="snippets">
        {snippets.map((s) => (
          <div className="card snippet" key={s.id}>
            <div className="snippet-head">
              <h3>{s.title}</h3>
              <CopyButton text={s.text} testId={`snippet-copy-${s.id}`} />
            </div>
            <p className="muted small">{s.hint}</p>
            <pre data-testid={`snippet-${s.id}`}>{s.text}</pre>
          </div>
        ))}
      </div>
    </section>
  );
}
