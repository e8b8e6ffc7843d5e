// Finds a local OpenAI-compatible model server when none is configured: the usual ports of Ollama,
// LM Studio and llama.cpp's server, first whose /v1/models answers. Re-probes on an interval until
// one does, then stops (no idle timers); a failed call starts probing again.
// node:http rather than fetch: loading undici for a probe would cost ~9 MB of RSS in an idle server.
import http from 'node:http';
export interface ProbeTarget {
  name: string;
  baseUrl: string;
}

const DEFAULT_PROBES: ProbeTarget[] = [
  { name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1' },
  { name: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1' },
  { name: 'llama.cpp server', baseUrl: 'http://127.0.0.1:8080/v1' },
];

/** LOCAL_LLM_PROBE_URLS (comma-separated base URLs) replaces the defaults, e.g. for a non-standard port. */
export function probeTargets(env: Record<string, string | undefined>): ProbeTarget[] {
  const custom = env.LOCAL_LLM_PROBE_URLS?.split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  return custom?.length ? custom.map((u) => ({ name: 'local server', baseUrl: u.replace(/\/+$/, '') })) : DEFAULT_PROBES;
}

export function notFoundMessage(targets: ProbeTarget[]): string {
  const tried = targets.map((t) => `${t.name} at ${t.baseUrl}`).join(', ');
  return `no local model server found (tried ${tried}); start one, or set LOCAL_LLM_BASE_URL or MODEL_PATH`;
}

function answers(target: ProbeTarget, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(`${target.baseUrl}/models`);
    } catch {
      return resolve(false);
    }
    if (url.protocol !== 'http:') return resolve(false);
    const req = http.get(url, { timeout: timeoutMs, headers: { accept: 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d.length + body.length < 1_000_000 ? d : ''));
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 && Array.isArray((JSON.parse(body) as { data?: unknown }).data));
        } catch {
          resolve(false);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

export class LocalServerProbe {
  private found: ProbeTarget | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ProbeTarget | null> | null = null;

  constructor(
    private readonly targets: ProbeTarget[],
    private readonly onChange: (found: ProbeTarget | null) => void,
    private readonly intervalMs = 15_000,
    private readonly timeoutMs = 1500,
  ) {}

  current(): ProbeTarget | null {
    return this.found;
  }

  /** Probe now (shared by concurrent callers); keeps re-probing on the interval until something answers. */
  probe(): Promise<ProbeTarget | null> {
    this.running ??= this.runOnce().finally(() => (this.running = null));
    return this.running;
  }

  /** The found server stopped answering: forget it and look again. */
  lost(): void {
    if (!this.found) return;
    this.found = null;
    this.onChange(null);
    void this.probe();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private async runOnce(): Promise<ProbeTarget | null> {
    clearTimeout(this.timer);
    for (const t of this.targets) {
      if (await answers(t, this.timeoutMs)) {
        const changed = this.found?.baseUrl !== t.baseUrl;
        this.found = t;
        if (changed) this.onChange(t);
        return t;
      }
    }
    this.timer = setTimeout(() => void this.probe(), this.intervalMs);
    return null;
  }
}
