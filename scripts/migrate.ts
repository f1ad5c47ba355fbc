// `npm run db:migrate`: applies the SQL migrations to DATABASE_URL.
import { baseSchema, loadConfig } from "../core/config.js";
import { connectDatabase } from "../core/data/db.js";
import { migrate } from "../core/data/migrate.js";

const config = loadConfig(baseSchema);
const db = await connectDatabase(config.DATABASE_URL);
try {
  const applied = await migrate(db.sql);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} finally {
  await db.close();
}
