import path from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Seed the demo project and demo accounts into an empty database. */
  demo: boolean;
  secureCookies: boolean;
  sessionTtlHours: number;
  /** Built client to serve; absent in API-only tests. */
  clientDir: string | undefined;
  logLevel: string;
  /** Folder under which item imports may read server-side files (IMPORT_ROOT); none: refused. */
  importRoot: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production';
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.DEMO ? env.DEMO !== '0' && env.DEMO !== 'false' : !production,
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === '1' : production,
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    clientDir: path.resolve(env.CLIENT_DIR ?? './dist/client'),
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    importRoot: env.IMPORT_ROOT ? path.resolve(env.IMPORT_ROOT) : undefined,
  };
}
