// `npx mcp-orchestrator` outside this repository downloads and runs whatever the public registry holds
// under that name (another project's package). No doc, snippet or UI text may tell anyone to run it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Everything a user reads or copies: docs, the UI, the CLI's own help, the examples, the snippet generators. */
const SCANNED = ['README.md', 'docs', 'renderer/src', 'electron', 'shared', 'examples', 'bin'];
const TEXT = /\.(md|ts|tsx|mjs|js|json|jsonc|html|css)$/;

/** npx (with or without -y/--yes) followed by our package name, in prose, shell, JSON or TS arrays. */
const PATTERNS = [
  /\bnpx\s+(?:(?:-y|--yes)\s+)?mcp-orchestrator\b/,
  /["']npx["']\s*,\s*(?:args\s*:\s*|["']args["']\s*:\s*)?\[?\s*(?:["'](?:-y|--yes)["']\s*,\s*)?["']mcp-orchestrator["']/,
];

function files(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return [rel];
  }
  return entries.flatMap((e) =>
    e.name === 'node_modules' ? [] : e.isDirectory() ? files(path.join(rel, e.name)) : [path.join(rel, e.name)],
  );
}

export function offending(text: string): string[] {
  return text.split('\n').filter((line) => PATTERNS.some((p) => p.test(line)));
}

describe('no snippet or doc runs a registry name through npx', () => {
  it('the patterns catch every shape the old docs and snippets used', () => {
    expect(offending('npx mcp-orchestrator secrets set OPENAI_API_KEY')).toHaveLength(1);
    expect(offending('`{"mcpServers": {"orchestrator": {"command": "npx", "args": ["mcp-orchestrator", "stdio"]}}}`')).toHaveLength(1);
    expect(offending("stdioCommand: ['npx', 'mcp-orchestrator', 'stdio', '--url', url]")).toHaveLength(1);
    expect(offending('npx -y mcp-orchestrator stdio')).toHaveLength(1);
    expect(offending('npm run cli -- secrets set OPENAI_API_KEY')).toHaveLength(0);
    expect(offending('{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]}')).toHaveLength(0);
  });

  it('README.md, docs/, the UI and the CLI sources never say it', () => {
    const found: string[] = [];
    for (const dir of SCANNED) {
      for (const rel of files(dir).filter((f) => TEXT.test(f))) {
        for (const line of offending(readFileSync(path.join(ROOT, rel), 'utf8'))) found.push(`${rel}: ${line.trim()}`);
      }
    }
    expect(found).toEqual([]);
  });
});
