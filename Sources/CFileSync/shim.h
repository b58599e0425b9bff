// syncfs(2), which Swift's Glibc module leaves out (glibc declares it only under _GNU_SOURCE): the
// SMS spool makes a batch of texts durable with one call, not one fsync per text
// (Sources/IntelliDineServer/SMS/SpoolSMSSender.swift). Part of libc: nothing to link.
extern int syncfs(int fd);
