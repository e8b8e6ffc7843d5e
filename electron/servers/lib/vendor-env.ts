// Builds the HTTP client for a keyed vendor from the server's environment, lazily, so a
// missing key is reported on the tool call (the supervisor also checks requiredEnv before start).
import { HttpClient, VendorError, httpTuningFromEnv } from './http.js';

export interface KeyedVendor {
  vendor: string;
  keyVar: string;
  baseUrlVar: string;
  defaultBaseUrl: string;
}

export function keyedClient(spec: KeyedVendor, env: Record<string, string | undefined> = process.env): HttpClient {
  const key = env[spec.keyVar];
  if (!key) {
    throw new VendorError('config', `${spec.keyVar} is not set; add it in Secrets (OS keychain) or the environment`);
  }
  return new HttpClient({
    vendor: spec.vendor,
    baseUrl: env[spec.baseUrlVar] || spec.defaultBaseUrl,
    headers: { authorization: `Bearer ${key}` },
    secrets: [key],
    ...httpTuningFromEnv(env),
  });
}

export function envSecrets(env: Record<string, string | undefined>, names: string[]): string[] {
  return names.map((n) => env[n]).filter((v): v is string => !!v);
}
