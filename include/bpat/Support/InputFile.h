//===- InputFile.h - Opening an input file, for every tool ------*- C++ -*-===//
//
// The one way bpat's tools read an input (.bpat files and their imports,
// graph JSON, BackendConfig dumps): bounded in size, never blocking forever
// on an open, and refusing what is not a file to read.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_SUPPORT_INPUTFILE_H
#define BPAT_SUPPORT_INPUTFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cstdint>
#include <memory>

namespace bpat {

/// The default size limit of an input: 256 MiB.
inline constexpr uint64_t defaultInputSizeLimit = uint64_t(256) << 20;

/// Reads `path` ("-" is standard input) into a buffer named `path`.
///
/// - A directory is an error.
/// - A regular file is read to its end, whatever its stat size says (files
///   under /proc report 0).
/// - A FIFO or device is opened without waiting for a writer, then read to
///   its end: a FIFO nobody writes to reads as empty instead of hanging; an
///   endless device (/dev/zero) stops at the size limit.
/// - More than `sizeLimit` bytes is an error naming the limit.
/// Errors say what went wrong with `path` in a sentence, without a prefix.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readInputFile(llvm::StringRef path, uint64_t sizeLimit = defaultInputSizeLimit);

} // namespace bpat

#endif // BPAT_SUPPORT_INPUTFILE_H
