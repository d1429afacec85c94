//===- InputFile.cpp - Opening an input file, for every tool -------------===//
//
// POSIX open/read with O_NONBLOCK on the open only (so a FIFO without a
// writer cannot block it), then blocking reads in chunks up to the size
// limit. LLVM's MemoryBuffer::getFile trusts the stat size and opens a FIFO
// blocking, which is what this replaces.
//
//===----------------------------------------------------------------------===//

#include "bpat/Support/InputFile.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace llvm;

static Error inputError(StringRef path, const Twine &what) {
  return createStringError(inconvertibleErrorCode(),
                           "cannot read '" + path + "': " + what);
}

/// Reads `fd` to its end into a buffer, failing past `sizeLimit` bytes.
static Expected<std::unique_ptr<MemoryBuffer>> readToEnd(int fd, StringRef path,
                                                         uint64_t sizeLimit) {
  SmallString<0> data;
  constexpr size_t chunk = 1 << 16;
  for (;;) {
    size_t old = data.size();
    data.resize_for_overwrite(old + chunk);
    ssize_t n = ::read(fd, data.data() + old, chunk);
    if (n < 0) {
      if (errno == EINTR) {
        data.truncate(old);
        continue;
      }
      int err = errno;
      return inputError(path, std::strerror(err));
    }
    data.truncate(old + size_t(n));
    if (n == 0)
      break;
    if (data.size() > sizeLimit)
      return inputError(path, "it is larger than the limit of " +
                                  Twine(sizeLimit) + " bytes");
  }
  return MemoryBuffer::getMemBufferCopy(data, path);
}

/// A regular file whose stat size is right, read straight into a buffer of
/// that size (no growing, no final copy: graphs run to tens of MB). Null if
/// the file did not end there (it changed while read, or /proc-like sizes),
/// for the caller to read it in chunks instead.
static std::unique_ptr<MemoryBuffer> readKnownSize(int fd, StringRef path,
                                                   size_t size) {
  std::unique_ptr<WritableMemoryBuffer> buffer =
      WritableMemoryBuffer::getNewUninitMemBuffer(size, path);
  if (!buffer)
    return nullptr;
  size_t done = 0;
  while (done < size) {
    ssize_t n =
        ::pread(fd, buffer->getBufferStart() + done, size - done, off_t(done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return nullptr;
    done += size_t(n);
  }
  char probe;
  ssize_t more;
  do
    more = ::pread(fd, &probe, 1, off_t(size));
  while (more < 0 && errno == EINTR);
  if (more != 0)
    return nullptr;
  return buffer;
}

Expected<std::unique_ptr<MemoryBuffer>>
bpat::readInputFile(StringRef path, uint64_t sizeLimit) {
  if (path == "-")
    return readToEnd(STDIN_FILENO, "<stdin>", sizeLimit);
  SmallString<256> pathZ(path);
  int fd = ::open(pathZ.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return inputError(path, std::strerror(err));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return inputError(path, std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return inputError(path, "it is a directory");
  }
  // Reads block again: a FIFO with a writer delivers its data; one without
  // reads as empty (end of file), which the caller then reports.
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0)
    ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  if (S_ISREG(st.st_mode) && uint64_t(st.st_size) > sizeLimit) {
    ::close(fd);
    return inputError(path, "it is larger than the limit of " +
                                Twine(sizeLimit) + " bytes");
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0)
    if (std::unique_ptr<MemoryBuffer> whole =
            readKnownSize(fd, path, size_t(st.st_size))) {
      ::close(fd);
      return whole;
    }
  // Everything else (pipes, devices, /proc files, files that changed) is
  // read to its end from the start.
  ::lseek(fd, 0, SEEK_SET);
  auto result = readToEnd(fd, path, sizeLimit);
  ::close(fd);
  return result;
}
