/** The two databases Allot runs on; only db/ branches on it. */
export type Dialect = 'sqlite' | 'postgres';
