#include "CSQLiteAllocator.h"

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>

// Under a load of orders, the mutex SQLite takes around each allocation to keep its statistics
// made most of the daemon's futex calls: the writer and the readers allocate all the time. One
// relaxed atomic per call gives the same figure without making threads wait for each other.
static _Atomic long long bytes_in_use;

static void count(long long delta) { atomic_fetch_add_explicit(&bytes_in_use, delta, memory_order_relaxed); }

// Each block carries its size in 8 bytes before it, as SQLite's own allocator does without
// malloc_usable_size: asking glibc for a block's size on every allocation, free and xSize was 2 % of
// the order writer's time. malloc's blocks are 16-byte aligned, so the pointer after the header is
// 8-byte aligned, which is what SQLite needs. The count is of the bytes SQLite asked for.
typedef sqlite3_int64 header;

static void *counted_malloc(int size) {
    header *block = malloc(sizeof(header) + (size_t)size);
    if (!block) return NULL;
    block[0] = size;
    count(size);
    return block + 1;
}

static void counted_free(void *pointer) {
    if (!pointer) return;
    header *block = (header *)pointer - 1;
    count(-block[0]);
    free(block);
}

static void *counted_realloc(void *pointer, int size) {
    header *block = pointer ? (header *)pointer - 1 : NULL;
    header before = block ? block[0] : 0;
    header *moved = realloc(block, sizeof(header) + (size_t)size);
    // A failed realloc leaves the old block as it was, still counted.
    if (!moved) return NULL;
    moved[0] = size;
    count(size - before);
    return moved + 1;
}

static int usable_size(void *pointer) { return pointer ? (int)((header *)pointer - 1)[0] : 0; }
static int round_up(int size) { return (size + 7) & ~7; }
static int no_init(void *unused) { (void)unused; return SQLITE_OK; }
static void no_shutdown(void *unused) { (void)unused; }

static const sqlite3_mem_methods counted = {
    counted_malloc, counted_free, counted_realloc, usable_size, round_up, no_init, no_shutdown, NULL,
};

int intellidine_sqlite_install_allocator(void) {
    int result = sqlite3_config(SQLITE_CONFIG_MALLOC, &counted);
    if (result != SQLITE_OK) return result;
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

long long intellidine_sqlite_bytes_in_use(void) { return atomic_load_explicit(&bytes_in_use, memory_order_relaxed); }
