#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>
#include "CSpawn.h"

// Close-on-exec from the start, so a child another thread spawns meanwhile cannot inherit it.
int cspawn_pipe_cloexec(int ends[2]) { return pipe2(ends, O_CLOEXEC); }

// The child holds none of the test's descriptors above `lowest` (glibc 2.34 and later).
int cspawn_close_from(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

int cspawn_chdir(posix_spawn_file_actions_t *actions, const char *directory) {
    return posix_spawn_file_actions_addchdir_np(actions, directory);
}
