//===- ToolSupport.cpp - Shared pieces of the command-line tools ----------===//
//
// The library directory beside the tools, and all-or-nothing output files.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/ToolSupport.h"
#include "bpat/Support/Diagnostics.h"
#include "bpat/Support/NearestName.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdio>
#include <optional>
#include <unistd.h>

using namespace llvm;

std::string bpat::defaultLibraryDir(const char *argv0) {
  // Any address inside the executable; this library is linked statically.
  static int anchor;
  std::string exe = sys::fs::getMainExecutable(argv0, &anchor);
  SmallString<256> dir(sys::path::parent_path(sys::path::parent_path(exe)));
  sys::path::append(dir, "share", "bpat");
  return std::string(dir);
}

/// An argument that names no option of the tool: LLVM's parser would try
/// to read it as a group of one-letter options and complain about those
/// ("for the -d option: may not occur within a group!"), so unknown options
/// are found first and reported in the tool's words, with the nearest
/// option's spelling. Returns false after reporting one.
static bool checkOptionNames(int argc, const char *const *argv,
                             StringRef tool) {
  StringMap<cl::Option *> &options = cl::getRegisteredOptions();
  for (int i = 1; i < argc; ++i) {
    StringRef arg = argv[i];
    if (arg == "--")
      return true; // the rest are positional
    if (arg.size() < 2 || arg[0] != '-')
      continue;
    StringRef name = arg.drop_while([](char c) { return c == '-'; });
    name = name.take_until([](char c) { return c == '='; });
    if (name.empty() || options.count(name))
      continue;
    // A prefix option with its value attached (-Idir, -Wname).
    bool prefixed = false;
    for (const auto &entry : options)
      if (entry.second->getFormattingFlag() == cl::Prefix &&
          name.startswith(entry.getKey()))
        prefixed = true;
    if (prefixed)
      continue;
    bpat::NearestName nearestName(name);
    for (const auto &entry : options)
      if (entry.second->getOptionHiddenFlag() == cl::NotHidden)
        nearestName.consider(entry.getKey());
    const std::string &nearest = nearestName.get();
    WithColor::error(errs(), tool) << "unknown option '" << arg << "'";
    if (!nearest.empty())
      errs() << "; did you mean '" << (nearest.size() == 1 ? "-" : "--")
             << nearest << "'?";
    else
      errs() << " (" << tool << " --help lists the options)";
    errs() << "\n";
    return false;
  }
  return true;
}

bool bpat::parseCommandLine(int argc, const char *const *argv,
                            StringRef overview) {
  if (!checkOptionNames(argc, argv, sys::path::filename(argv[0])))
    return false;
  // LLVM prints some complaints to the stream given here and others (about a
  // single option's value) straight to errs(), so standard error itself is
  // pointed at a temporary file while the options are parsed.
  errs().flush();
  std::FILE *capture = std::tmpfile();
  int savedStderr = capture ? ::dup(STDERR_FILENO) : -1;
  if (savedStderr >= 0)
    ::dup2(::fileno(capture), STDERR_FILENO);
  std::string messages;
  raw_string_ostream errorStream(messages);
  bool ok = cl::ParseCommandLineOptions(argc, argv, overview, &errorStream);
  errs().flush();
  if (savedStderr >= 0) {
    ::dup2(savedStderr, STDERR_FILENO);
    ::close(savedStderr);
  }
  std::string direct;
  if (capture) {
    std::rewind(capture);
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, capture)) > 0)
      direct.append(buffer, n);
    std::fclose(capture);
  }
  errorStream.flush();
  messages = direct + messages;
  if (ok) {
    errs() << messages; // warnings, if any, as they were
    return true;
  }
  // LLVM writes "<tool>: <message>" lines, and hint lines without the
  // prefix; the first become errors, the others are kept as they are.
  StringRef tool = sys::path::filename(argv[0]);
  SmallVector<StringRef, 4> lines;
  StringRef(messages).split(lines, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef line : lines) {
    if (line.consume_front((tool + ": ").str())) {
      // "Cannot find option named 'x'!" is about a value, not an option.
      std::string text = line.str();
      StringRef needle = "Cannot find option named '";
      size_t at = text.find(needle.str());
      if (at != std::string::npos && line.endswith("'!")) {
        std::string value = text.substr(at + needle.size(),
                                        text.size() - at - needle.size() - 2);
        text = text.substr(0, at) + "'" + value +
               "' is not one of its values (" + tool.str() +
               " --help lists them)";
      }
      WithColor::error(errs(), tool) << text << "\n";
    } else
      errs() << line << "\n";
  }
  return false;
}

namespace {
Error fileError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}
} // namespace

/// One output: where it really goes and how it will be written.
struct bpat::OutputFiles::Pending {
  std::string path;     ///< as given, for messages
  std::string target;   ///< the path after following symlinks
  std::string contents; ///< for in-place and standard-output writes
  bool inPlace = false; ///< a device or FIFO
  bool toStdout = false;
  bool keepIfUnchanged = false;
  std::optional<sys::fs::TempFile> temp;
  /// open(): the stream the caller fills, into `temp` or `contents`.
  std::unique_ptr<raw_ostream> stream;
  raw_fd_ostream *fileStream = nullptr; ///< `stream`, when it writes `temp`
};

bpat::OutputFiles::OutputFiles() = default;

bpat::OutputFiles::~OutputFiles() {
  for (auto &p : pending) {
    // An output given up (no commit): what is buffered goes out now, and a
    // write error (a full disk) is dropped with the file, not left for the
    // stream's destructor, which would abort on it.
    if (p->fileStream) {
      p->fileStream->flush();
      p->fileStream->clear_error();
    }
    p->stream.reset(); // before its file goes
    if (p->temp)
      consumeError(p->temp->discard());
  }
}

/// `path` with symlinks followed (at most 40, as the kernel does); an error
/// for a dangling link or a loop.
static Expected<std::string> followSymlinks(StringRef path) {
  std::string current = path.str();
  for (int hops = 0; hops < 40; ++hops) {
    sys::fs::file_status status;
    if (sys::fs::status(current, status, /*Follow=*/false) ||
        status.type() != sys::fs::file_type::symlink_file)
      return current;
    SmallString<256> real;
    if (std::error_code ec = sys::fs::real_path(current, real))
      return fileError("'" + path +
                       "' is a symlink to a file that cannot be reached (" +
                       ec.message() + "); give the target's path with -o");
    current = std::string(real);
  }
  return fileError("'" + path + "': too many levels of symlinks");
}

Error bpat::OutputFiles::prepare(StringRef path, Pending &p) {
  p.path = path.str();
  if (path == "-") {
    p.toStdout = true;
    return Error::success();
  }
  // Where the path leads, symlinks followed. A device or pipe is written in
  // place through the path as given: its "real path" may not be a path at
  // all (/proc/self/fd/1 -> pipe:[1234]).
  sys::fs::file_status status;
  bool exists = !sys::fs::status(path, status) && sys::fs::exists(status);
  if (exists && !sys::fs::is_directory(status) &&
      !sys::fs::is_regular_file(status)) {
    p.target = path.str();
    p.inPlace = true;
    return Error::success();
  }
  Expected<std::string> target = followSymlinks(path);
  if (!target)
    return target.takeError();
  p.target = *target;
  if (!sys::fs::status(p.target, status) && sys::fs::exists(status)) {
    if (sys::fs::is_directory(status))
      return fileError("cannot write '" + path + "': it is a directory");
    if (!sys::fs::is_regular_file(status)) {
      // A device or pipe is written in place: renaming a file over it would
      // replace the device itself.
      p.inPlace = true;
      return Error::success();
    }
  }
  // The temporary file sits in the target's directory so that the final
  // rename stays on one file system.
  Expected<sys::fs::TempFile> temp = sys::fs::TempFile::create(
      p.target + ".tmp-%%%%%%%%", sys::fs::all_read | sys::fs::owner_write);
  if (!temp)
    return fileError("cannot create a file beside '" + path +
                     "': " + toString(temp.takeError()));
  p.temp.emplace(std::move(*temp));
  return Error::success();
}

/// Flushes `os` and turns a write error into one naming `path`.
static Error flushChecked(raw_fd_ostream &os, StringRef path) {
  os.flush();
  if (!os.has_error())
    return Error::success();
  std::string message = os.error().message();
  os.clear_error();
  return fileError("cannot write '" + path + "': " + message);
}

Error bpat::OutputFiles::add(StringRef path, StringRef contents) {
  // The stream of open(), filled at once; a write error shows at commit().
  Expected<raw_ostream &> os = open(path);
  if (!os)
    return os.takeError();
  *os << contents;
  return Error::success();
}

Expected<raw_ostream &> bpat::OutputFiles::open(StringRef path,
                                                bool keepIfUnchanged) {
  auto p = std::make_unique<Pending>();
  if (Error e = prepare(path, *p))
    return std::move(e);
  p->keepIfUnchanged = keepIfUnchanged && p->temp;
  if (p->temp) {
    auto file =
        std::make_unique<raw_fd_ostream>(p->temp->FD, /*shouldClose=*/false);
    file->SetBufferSize(1 << 16);
    p->fileStream = file.get();
    p->stream = std::move(file);
  } else {
    auto memory = std::make_unique<raw_string_ostream>(p->contents);
    memory->SetBuffered();
    p->stream = std::move(memory);
  }
  pending.push_back(std::move(p));
  return *pending.back()->stream;
}

/// Whether the file at `a` has the same bytes as the file at `b`.
static bool sameContents(StringRef a, StringRef b) {
  auto first = MemoryBuffer::getFile(a, /*IsText=*/false,
                                     /*RequiresNullTerminator=*/false);
  auto second = MemoryBuffer::getFile(b, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  return first && second && (*first)->getBuffer() == (*second)->getBuffer();
}

Error bpat::OutputFiles::commit() {
  // What the streams hold, complete and checked before anything is renamed.
  for (auto &p : pending) {
    if (!p->stream)
      continue;
    p->stream->flush();
    if (p->fileStream)
      if (Error e = flushChecked(*p->fileStream, p->path))
        return e;
    p->stream.reset();
    p->fileStream = nullptr;
    if (p->keepIfUnchanged && sameContents(p->temp->TmpName, p->target)) {
      consumeError(p->temp->discard());
      p->temp.reset();
    }
  }
  // Renames first: they are what can still fail; devices and standard
  // output cannot be taken back, so they come last.
  for (auto &p : pending) {
    if (!p->temp)
      continue;
    if (Error e = p->temp->keep(p->target)) {
      consumeError(p->temp->discard());
      p->temp.reset();
      return fileError("cannot write '" + p->target +
                       "': " + toString(std::move(e)));
    }
    p->temp.reset();
  }
  for (auto &p : pending) {
    if (p->toStdout) {
      outs() << p->contents;
      outs().flush();
      continue;
    }
    if (!p->inPlace)
      continue;
    std::error_code ec;
    raw_fd_ostream os(p->target, ec, sys::fs::OF_None);
    if (ec)
      return fileError("cannot open '" + p->target + "': " + ec.message());
    os << p->contents;
    if (Error e = flushChecked(os, p->target))
      return e;
  }
  pending.clear();
  return Error::success();
}

Error bpat::writeFileAtomically(StringRef path, StringRef contents) {
  OutputFiles out;
  if (Error e = out.add(path, contents))
    return e;
  return out.commit();
}

llvm::Error bpat::applyWarningFlags(const std::vector<std::string> &values,
                                    DiagnosticEngine &diags) {
  for (const std::string &value : values) {
    llvm::StringRef name = value;
    if (name == "error") {
      diags.setWarningsAsErrors(true);
      continue;
    }
    bool off = name.consume_front("no-");
    bool asError = name.consume_front("error=");
    if (const WarningInfo *info = findWarning(name)) {
      if (asError)
        diags.setWarningAsError(info->warning, !off);
      else
        diags.setWarningEnabled(info->warning, !off);
      continue;
    }
    NearestName nearestName(name);
    for (const WarningInfo &info : warningInfos)
      nearestName.consider(info.name);
    const std::string &nearest = nearestName.get();
    std::string message = "unknown warning option '-W" + value + "'";
    if (!nearest.empty())
      message += "; did you mean '-W" + std::string(off ? "no-" : "") +
                 (asError ? "error=" : "") + nearest + "'?";
    else
      message += " (bpatc --help lists the warnings)";
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  }
  return llvm::Error::success();
}
