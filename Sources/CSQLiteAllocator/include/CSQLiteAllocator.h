// SQLite's allocator for the daemon (docs/architecture.md, "Storage"): libc's malloc, counted
// with one atomic instead of SQLite's memory statistics, which take a global mutex on every
// allocation and free. Kept out of sqlite3.h's way: GRDB's module already imports it.
#ifndef CSQLITEALLOCATOR_H
#define CSQLITEALLOCATOR_H

// Installs the counted allocator and turns SQLite's memory statistics off. Works only before the
// process's first SQLite connection; returns SQLite's result code (0 when installed).
int intellidine_sqlite_install_allocator(void);

// Bytes SQLite holds through the counted allocator: its page caches, schemas and statements.
long long intellidine_sqlite_bytes_in_use(void);

#endif
