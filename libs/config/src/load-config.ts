import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly service: string, readonly problems: string[]) {
    super(`Invalid configuration for ${service}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type ConfigClass<T> = new () => T;

/**
 * Reads `env` into a validated, typed config object. Fails fast, naming every bad variable,
 * so a misconfigured service never starts half-working.
 */
export function loadConfig<T extends object>(
  service: string,
  schema: ConfigClass<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const raw = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(schema, raw, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  const problems = errors.flatMap(describe);
  const crossChecks = (config as { check?: () => string[] }).check?.() ?? [];
  problems.push(...crossChecks);
  if (problems.length > 0) throw new ConfigError(service, problems);
  return config;
}

function describe(error: ValidationError): string[] {
  const own = Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`);
  return [...own, ...(error.children ?? []).flatMap(describe)];
}
