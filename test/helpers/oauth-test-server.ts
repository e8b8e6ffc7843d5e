// A small OAuth 2.1 authorization server and an MCP server it protects, on 127.0.0.1, for tests. Real HTTP
// in the real wire formats: RFC 9728 protected-resource metadata, RFC 8414 metadata, RFC 7591 dynamic
// registration, authorize with PKCE S256 and a resource indicator (RFC 8707), RFC 9207 `iss` on the
// redirect, a token endpoint with refresh-token rotation (and reuse detection), RFC 7009 revocation; the
// MCP server is the SDK's (v2) Node Streamable HTTP transport behind an RFC 6750 Bearer check: a 2025-era server.
// Its clock is the test's: `advance(ms)` makes issued tokens expire without waiting.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

export interface OAuthTestServerOptions {
  /** Lifetime of access tokens in seconds (default 3600). */
  tokenTtlSec?: number;
  /** The `iss` put on the authorization redirect; default the real issuer (a mix-up test sets another). */
  redirectIss?: string;
  /** Scope granted when the client asks for none. */
  defaultScope?: string;
}

interface Grant {
  clientId: string;
  scope: string;
  resource: string;
  /** One family per authorization: a reused refresh token revokes it whole. */
  family: string;
}
interface AccessToken extends Grant {
  expiresAt: number;
}
interface Code extends Grant {
  redirectUri: string;
  challenge: string;
}

const rand = () => randomBytes(18).toString('base64url');
const s256 = (v: string) => createHash('sha256').update(v).digest('base64url');

export class OAuthTestServer {
  private server!: Server;
  private offsetMs = 0;
  private readonly clients = new Map<string, { redirectUris: string[] }>();
  private readonly codes = new Map<string, Code>();
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, Grant & { used: boolean }>();
  private readonly revokedFamilies = new Set<string>();
  base = '';
  /** Every access and refresh token handed out: none may show up in status, logs or config. */
  readonly issued: string[] = [];
  /** What each /authorize request carried (to check PKCE method and resource). */
  readonly authorizeRequests: URLSearchParams[] = [];
  readonly tokenGrants: string[] = [];
  readonly revocations: string[] = [];
  /** The path and headers of every request, in order (to see which headers reached which endpoint). */
  readonly requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  registrations = 0;
  /** The resource server refuses every access token, new ones too (say, a misconfigured audience). */
  refuseTokens = false;

  constructor(private readonly opts: OAuthTestServerOptions = {}) {}

  get issuer(): string {
    return this.base;
  }
  get mcpUrl(): string {
    return `${this.base}/mcp`;
  }
  private get prmUrl(): string {
    return `${this.base}/.well-known/oauth-protected-resource/mcp`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** Moves the server's clock forward (tokens expire in virtual time). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** The user withdrew the app's access at the provider: every grant ends, refresh tokens too. */
  revokeEverything(): void {
    for (const g of [...this.access.values(), ...this.refresh.values()]) this.revokedFamilies.add(g.family);
  }

  /** Whether an access token would be accepted now. */
  accepts(token: string): boolean {
    return this.valid(token) !== undefined;
  }

  private now(): number {
    return Date.now() + this.offsetMs;
  }

  private valid(token: string): AccessToken | undefined {
    const t = this.access.get(token);
    if (!t || this.revokedFamilies.has(t.family) || t.expiresAt <= this.now()) return undefined;
    return t;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    this.requests.push({ path: url.pathname, headers: req.headers });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      void res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
    if (req.method === 'GET' && url.pathname === '/.well-known/oauth-protected-resource/mcp') {
      return json(200, {
        resource: this.mcpUrl,
        authorization_servers: [this.issuer],
        scopes_supported: ['mcp'],
        bearer_methods_supported: ['header'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/.well-known/oauth-authorization-server') {
      return json(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.base}/authorize`,
        token_endpoint: `${this.base}/token`,
        registration_endpoint: `${this.base}/register`,
        revocation_endpoint: `${this.base}/revoke`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (req.method === 'POST' && url.pathname === '/register') return this.register(await readBody(req), json);
    if (req.method === 'GET' && url.pathname === '/authorize') return this.authorize(url.searchParams, res, json);
    if (req.method === 'POST' && url.pathname === '/token') return this.token(new URLSearchParams(await readBody(req)), json);
    if (req.method === 'POST' && url.pathname === '/revoke') {
      const form = new URLSearchParams(await readBody(req));
      const token = form.get('token') ?? '';
      this.revocations.push(form.get('token_type_hint') ?? '');
      const grant = this.access.get(token) ?? this.refresh.get(token);
      if (grant) this.revokedFamilies.add(grant.family);
      return void res.writeHead(200).end();
    }
    if (url.pathname === '/mcp') return this.mcp(req, res, json);
    json(404, { error: 'not_found' });
  }

  private register(body: string, json: (s: number, b: unknown) => void): void {
    const meta = JSON.parse(body) as { redirect_uris?: string[] };
    if (!meta.redirect_uris?.length) return json(400, { error: 'invalid_redirect_uri' });
    const clientId = `client-${rand()}`;
    this.clients.set(clientId, { redirectUris: meta.redirect_uris });
    this.registrations++;
    json(201, { ...meta, client_id: clientId, client_id_issued_at: Math.floor(this.now() / 1000), token_endpoint_auth_method: 'none' });
  }

  private authorize(q: URLSearchParams, res: ServerResponse, json: (s: number, b: unknown) => void): void {
    this.authorizeRequests.push(q);
    const client = this.clients.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!client || !client.redirectUris.includes(redirectUri))
      return json(400, { error: 'invalid_request', error_description: 'unknown client or redirect_uri' });
    const back = new URL(redirectUri);
    back.searchParams.set('state', q.get('state') ?? '');
    back.searchParams.set('iss', this.opts.redirectIss ?? this.issuer);
    const fail = (error: string) => {
      back.searchParams.set('error', error);
      res.writeHead(302, { location: back.href }).end();
    };
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return fail('invalid_request');
    if (q.get('resource') !== this.mcpUrl) return fail('invalid_target');
    const code = rand();
    this.codes.set(code, {
      clientId: q.get('client_id') ?? '',
      scope: q.get('scope') ?? this.opts.defaultScope ?? 'mcp',
      resource: this.mcpUrl,
      family: rand(),
      redirectUri,
      challenge: q.get('code_challenge') ?? '',
    });
    back.searchParams.set('code', code);
    res.writeHead(302, { location: back.href }).end();
  }

  private token(form: URLSearchParams, json: (s: number, b: unknown) => void): void {
    const grantType = form.get('grant_type') ?? '';
    this.tokenGrants.push(grantType);
    const bad = (error: string) => json(400, { error });
    if (form.get('resource') !== null && form.get('resource') !== this.mcpUrl) return bad('invalid_target');
    let grant: Grant;
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      if (!code || code.clientId !== form.get('client_id') || code.redirectUri !== form.get('redirect_uri')) return bad('invalid_grant');
      if (s256(form.get('code_verifier') ?? '') !== code.challenge) return bad('invalid_grant');
      grant = code;
    } else if (grantType === 'refresh_token') {
      const old = this.refresh.get(form.get('refresh_token') ?? '');
      if (!old || this.revokedFamilies.has(old.family)) return bad('invalid_grant');
      if (old.used) {
        // A rotated refresh token used again: someone holds a copy; end the whole grant (OAuth 2.1 §4.3.1).
        this.revokedFamilies.add(old.family);
        return bad('invalid_grant');
      }
      old.used = true;
      grant = old;
    } else return bad('unsupported_grant_type');
    const ttl = this.opts.tokenTtlSec ?? 3600;
    const accessToken = `at-${rand()}`;
    const refreshToken = `rt-${rand()}`;
    const { clientId, scope, resource, family } = grant;
    this.access.set(accessToken, { clientId, scope, resource, family, expiresAt: this.now() + ttl * 1000 });
    this.refresh.set(refreshToken, { clientId, scope, resource, family, used: false });
    this.issued.push(accessToken, refreshToken);
    json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, refresh_token: refreshToken, scope });
  }

  private async mcp(req: IncomingMessage, res: ServerResponse, json: (s: number, b: unknown, h?: Record<string, string>) => void) {
    const header = req.headers.authorization ?? '';
    const presented = /^Bearer (.+)$/i.exec(header)?.[1];
    const token = presented && !this.refuseTokens ? this.valid(presented) : undefined;
    if (!token) {
      const error = presented ? 'error="invalid_token", ' : '';
      return json(401, { error: 'unauthorized' }, { 'www-authenticate': `Bearer ${error}resource_metadata="${this.prmUrl}", scope="mcp"` });
    }
    const body = req.method === 'POST' ? JSON.parse(await readBody(req)) : undefined;
    const wantsAdmin = (body as { method?: string; params?: { name?: string } } | undefined)?.params?.name === 'admin';
    if (wantsAdmin && !token.scope.split(' ').includes('admin')) {
      return json(
        403,
        { error: 'insufficient_scope' },
        { 'www-authenticate': `Bearer error="insufficient_scope", scope="mcp admin", resource_metadata="${this.prmUrl}"` },
      );
    }
    // Stateless: one server and transport per request, as a hosted server behind a load balancer runs.
    const server = new McpServer({ name: 'protected', version: '1.0.0' });
    server.registerTool('whoami', { description: 'who the token belongs to' }, () => ({
      content: [{ type: 'text', text: `client=${token.clientId} scope=${token.scope}` }],
    }));
    server.registerTool('admin', { description: 'needs the admin scope', inputSchema: z.object({ note: z.string().optional() }) }, () => ({
      content: [{ type: 'text', text: 'admin ok' }],
    }));
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close().catch(() => {}));
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Plays the browser: follows the authorization server's redirects (it approves at once) to the loopback callback. */
export async function playBrowser(url: string): Promise<{ finalStatus: number; visited: string[] }> {
  const visited: string[] = [];
  let next: URL | undefined = new URL(url);
  let status = 0;
  for (let hops = 0; next && hops < 10; hops++) {
    visited.push(next.href);
    const res: Response = await fetch(next, { redirect: 'manual' });
    status = res.status;
    const location = res.headers.get('location');
    await res.body?.cancel();
    next = location ? new URL(location, next) : undefined;
  }
  return { finalStatus: status, visited };
}
