//===- ToolSupport.cpp - Shared pieces of the command-line tools ----------===//

#include "bpat/Driver/ToolSupport.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

std::string bpat::defaultLibraryDir(const char *argv0) {
  // Any address inside the executable; this library is linked statically.
  static int anchor;
  std::string exe = sys::fs::getMainExecutable(argv0, &anchor);
  SmallString<256> dir(sys::path::parent_path(sys::path::parent_path(exe)));
  sys::path::append(dir, "share", "bpat");
  return std::string(dir);
}

Error bpat::writeFileAtomically(StringRef path, StringRef contents) {
  if (path == "-") {
    outs() << contents;
    outs().flush();
    return Error::success();
  }
  // A device or pipe (/dev/stdout, /dev/null, a FIFO) is written in place:
  // renaming a file over it would replace the device itself.
  sys::fs::file_status status;
  if (!sys::fs::status(path, status) && sys::fs::exists(status) &&
      !sys::fs::is_regular_file(status)) {
    std::error_code ec;
    raw_fd_ostream os(path, ec, sys::fs::OF_None);
    if (ec)
      return createStringError(ec,
                               "cannot open '" + path + "': " + ec.message());
    os << contents;
    os.flush();
    if (os.has_error()) {
      std::string message = os.error().message();
      os.clear_error();
      return createStringError(inconvertibleErrorCode(),
                               "cannot write '" + path + "': " + message);
    }
    return Error::success();
  }
  // The temporary file sits in the target's directory so that the final
  // rename stays on one file system.
  Expected<sys::fs::TempFile> temp = sys::fs::TempFile::create(
      path + ".tmp-%%%%%%%%", sys::fs::all_read | sys::fs::owner_write);
  if (!temp)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a file beside '" + path +
                                 "': " + toString(temp.takeError()));
  raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
  os << contents;
  os.flush();
  if (os.has_error()) {
    std::string message = os.error().message();
    os.clear_error();
    consumeError(temp->discard());
    return createStringError(inconvertibleErrorCode(),
                             "cannot write '" + path + "': " + message);
  }
  if (Error e = temp->keep(path)) {
    consumeError(temp->discard());
    return createStringError(inconvertibleErrorCode(),
                             "cannot write '" + path +
                                 "': " + toString(std::move(e)));
  }
  return Error::success();
}
