//===- Allocator.cpp - jemalloc's configuration for the tools -------------===//
//
// A large .bpat file makes bpatc allocate millions of small objects (tokens,
// AST and IR nodes, lowered patterns) and touch every page of them once. With
// glibc's malloc and 4 KiB pages, page faults and TLB misses were about half
// of bpatc's CPU time at 100k patterns (docs/performance.md 2.5). jemalloc,
// told to back its memory with transparent huge pages, takes about 50 times
// fewer faults. The configuration is compiled in (jemalloc reads the
// `malloc_conf` symbol when it starts), so no environment is needed.
//
//===----------------------------------------------------------------------===//

#include "Allocator.h"

#ifdef BPAT_JEMALLOC
#include <jemalloc/jemalloc.h>
#include <malloc.h>

#include <cstring>

// "thp:always": madvise(MADV_HUGEPAGE) every extent, which is what Debian's
// default THP setting ("madvise") needs to use huge pages at all.
extern "C" const char *malloc_conf = "thp:always,metadata_thp:always";

#ifdef BPAT_JEMALLOC_STATIC
// A static link against glibc takes malloc from jemalloc's archive only if no
// other symbol pulls glibc's malloc.o in as well (it would then define
// malloc twice). LLVM Support's Process::GetMallocUsage calls mallinfo2,
// which jemalloc does not have: answer it here, from jemalloc's statistics.
extern "C" struct mallinfo2 mallinfo2(void) {
  struct mallinfo2 info;
  std::memset(&info, 0, sizeof info);
  uint64_t epoch = 1;
  size_t size = sizeof epoch;
  mallctl("epoch", &epoch, &size, &epoch, size);
  size_t allocated = 0;
  size = sizeof allocated;
  if (mallctl("stats.allocated", &allocated, &size, nullptr, 0) == 0)
    info.uordblks = allocated;
  return info;
}
#endif

std::string bpat::tools::describeAllocator() {
  std::string text = "jemalloc ";
  const char *version = JEMALLOC_VERSION;
  text.append(version, std::strcspn(version, "-"));
  // What jemalloc made of malloc_conf, not what was asked for.
  const char *thp = nullptr;
  size_t size = sizeof thp;
  if (mallctl("opt.thp", &thp, &size, nullptr, 0) == 0 && thp)
    text += std::string(", transparent huge pages: ") + thp;
  return text;
}

#else

std::string bpat::tools::describeAllocator() {
  return "the C library's malloc";
}

#endif
