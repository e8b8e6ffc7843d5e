// Whether a server may start, from its config and environment alone: which variables it would get,
// which required ones are missing, and a keychain secret named in its args. Feeds the status fields.
import { argsSecretMessage } from '../../../shared/config-schema-secrets.js';
import { referencedVars } from '../../../shared/substitute.js';
import { buildLaunchSpec, namesToResolve, type LaunchSpec } from './launch-env.js';
import { ServerRecord } from './server-record.js';

const FULL_ENV_WARNING = 'env_passthrough "*": this server inherits the orchestrator\'s whole environment, including every exported key';

export class EnvCheckedServer extends ServerRecord {
  async refreshEnvPresence(): Promise<void> {
    const resolved = await this.resolve();
    const spec = buildLaunchSpec(this.config, resolved, {});
    this.f.presence = spec.presence;
    this.f.missingEnv = spec.missingRequired;
    this.f.envWarning = spec.inheritsAll ? FULL_ENV_WARNING : undefined;
    this.emitStatus();
  }

  protected async resolve(): Promise<Record<string, string | undefined>> {
    try {
      return await this.ctx.resolveEnv(namesToResolve(this.config));
    } catch (err) {
      this.system(`could not resolve environment: ${String(err)}`);
      return {};
    }
  }

  /** A `${NAME}` in args naming a keychain secret (only known now; name-based cases fail at config load). */
  protected async secretInArgs(): Promise<string | undefined> {
    const refs = new Set(this.config.args.flatMap(referencedVars));
    if (refs.size === 0) return undefined;
    const stored = await this.ctx.storedSecrets().catch(() => [] as string[]);
    return stored.find((n) => refs.has(n));
  }

  /** Records what the launch would look like; false (with the reason in status and log) when it must not start. */
  protected preflight(spec: LaunchSpec, argSecret: string | undefined): boolean {
    this.f.presence = spec.presence;
    this.f.missingEnv = spec.missingRequired;
    this.f.envWarning = spec.inheritsAll ? FULL_ENV_WARNING : undefined;
    if (argSecret) {
      this.f.lastError = `not started: ${argsSecretMessage(argSecret)}`;
      this.system(this.f.lastError);
      this.setState('failed'); // retrying cannot help until the config changes
      return false;
    }
    if (spec.inheritsAll) this.system(`warning: ${FULL_ENV_WARNING}`);
    if (spec.missingRequired.length > 0) {
      this.f.lastError = `missing required environment: ${spec.missingRequired.join(', ')}`;
      this.system(`not started: ${this.f.lastError}`);
      this.setState('stopped');
      return false;
    }
    if (spec.unresolved.length) this.system(`unresolved variables left empty: ${spec.unresolved.join(', ')}`);
    return true;
  }
}
