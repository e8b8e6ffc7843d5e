// The environment policy: whether a server may start, from its config and environment alone: which
// variables it would get, which required ones are missing, and a keychain secret named in its args.
// Feeds the status fields through the server's record.
import { argsSecretMessage } from '../../../shared/config-schema-secrets.js';
import { referencedVars } from '../../../shared/substitute.js';
import { buildLaunchSpec, namesToResolve, type LaunchSpec } from './launch-env.js';
import type { ServerContext } from './server-context.js';
import type { ServerRecord } from './server-record.js';

const FULL_ENV_WARNING = 'env_passthrough "*": this server inherits the orchestrator\'s whole environment, including every exported key';

export class EnvChecks {
  constructor(
    private readonly rec: ServerRecord,
    private readonly ctx: Pick<ServerContext, 'resolveEnv' | 'storedSecrets'>,
  ) {}

  async refreshPresence(): Promise<void> {
    const resolved = await this.resolve();
    const spec = buildLaunchSpec(this.rec.config, resolved, {});
    this.record(spec);
    this.rec.emitStatus();
  }

  /** Values of the variables the entry names (keychain first); none, with a log line, when that fails. */
  async resolve(): Promise<Record<string, string | undefined>> {
    try {
      return await this.ctx.resolveEnv(namesToResolve(this.rec.config));
    } catch (err) {
      this.rec.system(`could not resolve environment: ${String(err)}`);
      return {};
    }
  }

  /** A `${NAME}` in args naming a keychain secret (only known now; name-based cases fail at config load). */
  async secretInArgs(): Promise<string | undefined> {
    const refs = new Set(this.rec.config.args.flatMap(referencedVars));
    if (refs.size === 0) return undefined;
    const stored = await this.ctx.storedSecrets().catch(() => [] as string[]);
    return stored.find((n) => refs.has(n));
  }

  /** Records what the launch would look like; false (with the reason in status and log) when it must not start. */
  preflight(spec: LaunchSpec, argSecret: string | undefined): boolean {
    const { rec } = this;
    this.record(spec);
    if (argSecret) {
      rec.f.lastError = `not started: ${argsSecretMessage(argSecret)}`;
      rec.system(rec.f.lastError);
      rec.setState('failed'); // retrying cannot help until the config changes
      return false;
    }
    if (spec.inheritsAll) rec.system(`warning: ${FULL_ENV_WARNING}`);
    if (spec.missingRequired.length > 0) {
      rec.f.lastError = `missing required environment: ${spec.missingRequired.join(', ')}`;
      rec.system(`not started: ${rec.f.lastError}`);
      rec.setState('stopped');
      return false;
    }
    if (spec.unresolved.length) rec.system(`unresolved variables left empty: ${spec.unresolved.join(', ')}`);
    return true;
  }

  private record(spec: LaunchSpec): void {
    this.rec.f.presence = spec.presence;
    this.rec.f.missingEnv = spec.missingRequired;
    this.rec.f.envWarning = spec.inheritsAll ? FULL_ENV_WARNING : undefined;
  }
}
