#include "CSQLiteAllocator.h"

#include <malloc.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>

// Under a load of orders, the mutex SQLite takes around each allocation to keep its statistics
// made most of the daemon's futex calls: the writer and the readers allocate all the time. One
// relaxed atomic per call gives the same figure without making threads wait for each other.
static _Atomic long long bytes_in_use;

static void count(long long delta) { atomic_fetch_add_explicit(&bytes_in_use, delta, memory_order_relaxed); }

static void *counted_malloc(int size) {
    void *block = malloc((size_t)size);
    if (block) count((long long)malloc_usable_size(block));
    return block;
}

static void counted_free(void *block) {
    if (!block) return;
    count(-(long long)malloc_usable_size(block));
    free(block);
}

static void *counted_realloc(void *block, int size) {
    long long before = block ? (long long)malloc_usable_size(block) : 0;
    void *moved = realloc(block, (size_t)size);
    // A failed realloc leaves the old block as it was, still counted.
    if (moved) count((long long)malloc_usable_size(moved) - before);
    return moved;
}

static int usable_size(void *block) { return block ? (int)malloc_usable_size(block) : 0; }
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
