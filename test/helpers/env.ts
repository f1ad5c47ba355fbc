// Where the integration tests find their services; CI and a developer machine run them locally.
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/**
 * One template per test run (global setup exports its name to the test files), so two runs on
 * one machine never rebuild each other's template mid-way.
 */
export const TEMPLATE_DB = process.env.PUMPSPACE_TEMPLATE_DB ?? "pumpspace_test_template";

export function databaseUrl(name: string): string {
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}
