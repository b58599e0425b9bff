// zlib (Debian: zlib1g-dev), linked as a system library: the web assets are gzipped once at start.
#include <zlib.h>
