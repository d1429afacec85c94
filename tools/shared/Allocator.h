//===- Allocator.h - Which malloc a tool runs on ----------------*- C++ -*-===//
//
// bpatc is linked with jemalloc where the build found it (cmake/
// BPatAllocator.cmake); this names the allocator for --version, so that a
// run can tell which one it measured.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_TOOLS_SHARED_ALLOCATOR_H
#define BPAT_TOOLS_SHARED_ALLOCATOR_H

#include <string>

namespace bpat::tools {

/// One line such as "jemalloc 5.3.0, transparent huge pages: always", or
/// "the C library's malloc".
std::string describeAllocator();

} // namespace bpat::tools

#endif // BPAT_TOOLS_SHARED_ALLOCATOR_H
