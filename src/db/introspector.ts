/**
 * PostgreSQL introspection limited to Allot's own schema (the connection's `current_schema()`).
 * Kysely's own introspector reads every schema of the database and calls
 * `has_schema_privilege` on each: a schema another process drops meanwhile (test runs, a
 * benchmark, another deployment sharing the server) fails it with "schema … does not exist",
 * and with it the migrations, which introspect to find their own tables.
 */
import {
  PostgresDialect,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

class OwnSchemaIntrospector implements DatabaseIntrospector {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- introspection reads catalogs, not Allot's tables
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(this.db);
    return rows.filter((row) => row.name !== null);
  }

  /** The tables and views of the schema, by name only (no caller here reads their columns). */
  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; type: string }>`
      select table_name as name, table_schema as schema, table_type as type
      from information_schema.tables
      where table_schema = current_schema()
      order by table_name`.execute(this.db);
    return rows
      .filter((row) => options.withInternalKyselyTables === true || !row.name.startsWith('kysely_'))
      .map((row) => ({
        name: row.name,
        schema: row.schema,
        isView: row.type === 'VIEW',
        columns: [],
      }));
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** PostgreSQL as Kysely speaks it, introspecting only the connection's own schema. */
export class OwnSchemaPostgresDialect extends PostgresDialect {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Kysely's own signature
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}
