// The unified diff of the config file an import would write (computed by the core, key-shaped values masked).
const KIND: Record<string, 'add' | 'del' | 'same'> = { '+': 'add', '-': 'del', ' ': 'same' };
const SIGN = { add: '+', del: '−', same: ' ' };

export function ImportDiff({ diff, path }: { diff: string; path: string }) {
  const lines = diff.split('\n').filter((l) => l !== '' && !l.startsWith('--- ') && !l.startsWith('+++ '));
  return (
    <div className="card diff" data-testid="import-diff" role="region" aria-label={`Changes to ${path}`}>
      <p className="small">
        Changes to <code className="path">{path}</code> (only these lines; comments and other settings stay as they are):
      </p>
      <pre className="diff-body">
        {lines.length === 0 && <span className="muted">No changes.</span>}
        {lines.map((l, i) => {
          if (l.startsWith('@@')) {
            return (
              <div key={i} className="diff-gap">
                {l}
              </div>
            );
          }
          const kind = KIND[l[0]] ?? 'same';
          return (
            <div key={i} className={`diff-line diff-${kind}`} data-kind={kind}>
              <span className="diff-sign">{SIGN[kind]}</span>
              {l.slice(1)}
            </div>
          );
        })}
      </pre>
    </div>
  );
}
