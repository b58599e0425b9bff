// glibc's spawn and pipe calls that Swift's Glibc module leaves out (they need _GNU_SOURCE).
#include <spawn.h>

int cspawn_pipe_cloexec(int ends[2]);
int cspawn_close_from(posix_spawn_file_actions_t *actions, int lowest);
int cspawn_chdir(posix_spawn_file_actions_t *actions, const char *directory);
/// Signals as a freshly started program expects them: none blocked, every one at its default.
int cspawn_default_signals(posix_spawnattr_t *attributes);
