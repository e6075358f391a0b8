export { MIGRATIONS, type Migration, migrate } from "./migrations.ts";
export {
  type AppendCommit,
  closeAllSqliteStores,
  openSqliteStore,
  type SqliteSettings,
  type SqliteStore,
  type SqliteStoreOptions,
} from "./sqlite-store.ts";
