// Opens a URL in the user's browser without a dependency: `open` (macOS), the URL handler of
// url.dll (Windows; unlike `cmd /c start` it takes `&` in a URL as is), `xdg-open` elsewhere.
// MCP_ORCHESTRATOR_NO_BROWSER=1 (headless machines, tests) opens nothing; the URL is printed anyway.
import { spawn } from 'node:child_process';

export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.MCP_ORCHESTRATOR_NO_BROWSER === '1' || !/^https?:\/\//.test(url)) return false;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {}); // no opener installed: the printed URL is the way
    child.unref();
    return true;
  } catch {
    return false;
  }
}
