//! The store without the HTTP layer: the schema as migrated (hypertables, indexes, the
//! taxonomy, rows that mix two users refused) and the importer's matcher on real rows.

mod imports;
mod schema;
