// glibc's <malloc.h>, which Swift's Glibc module leaves out: trimming the heap, capping its arenas
// and asking what it holds (docs/architecture.md, "Memory"). Part of libc: nothing to link.
#include <malloc.h>
