//===- OutputFilesTest.cpp - bpat::OutputFiles' streamed outputs ----------===//
//
// OutputFiles::open hands out a stream into a temporary file. These tests
// hold it to the all-or-nothing rule: committed, the file holds what was
// written; given up, nothing is left; and a write that fails (here, past
// the process's file size limit) neither aborts nor leaves a file.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/ToolSupport.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"
#include <csignal>
#include <string>
#include <sys/resource.h>

using namespace llvm;

namespace {

/// A fresh directory, removed with what it holds at the end.
class ScratchDir {
public:
  ScratchDir() {
    EXPECT_FALSE(sys::fs::createUniqueDirectory("bpat-output-files", path));
  }
  ~ScratchDir() { sys::fs::remove_directories(path); }
  std::string file(StringRef name) const {
    SmallString<128> p(path);
    sys::path::append(p, name);
    return std::string(p);
  }
  /// The names in the directory.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (sys::fs::directory_iterator it(path, ec), end; !ec && it != end;
         it.increment(ec))
      names.push_back(std::string(sys::path::filename(it->path())));
    return names;
  }

private:
  SmallString<128> path;
};

std::string contents(const std::string &path) {
  auto buffer = MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : "<missing>";
}

TEST(OutputFilesTest, StreamedOutputAppearsOnCommitOnly) {
  ScratchDir dir;
  std::string out = dir.file("out.txt");
  bpat::OutputFiles outputs;
  Expected<raw_ostream &> os = outputs.open(out);
  ASSERT_TRUE(bool(os)) << toString(os.takeError());
  std::string text(200000, 'x'); // several of the stream's buffers
  *os << text;
  EXPECT_FALSE(sys::fs::exists(out));
  ASSERT_FALSE(bool(outputs.commit()));
  EXPECT_EQ(contents(out), text);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.txt"});
}

TEST(OutputFilesTest, GivenUpOutputLeavesNothing) {
  ScratchDir dir;
  std::string out = dir.file("out.txt");
  {
    bpat::OutputFiles outputs;
    Expected<raw_ostream &> os = outputs.open(out);
    ASSERT_TRUE(bool(os)) << toString(os.takeError());
    *os << std::string(200000, 'x');
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(OutputFilesTest, KeepIfUnchangedLeavesTheFileAlone) {
  ScratchDir dir;
  std::string out = dir.file("out.txt");
  ASSERT_FALSE(bool(bpat::writeFileAtomically(out, "same\n")));
  sys::fs::file_status before;
  ASSERT_FALSE(sys::fs::status(out, before));
  bpat::OutputFiles outputs;
  Expected<raw_ostream &> os = outputs.open(out, /*keepIfUnchanged=*/true);
  ASSERT_TRUE(bool(os)) << toString(os.takeError());
  *os << "same\n";
  ASSERT_FALSE(bool(outputs.commit()));
  sys::fs::file_status after;
  ASSERT_FALSE(sys::fs::status(out, after));
  EXPECT_EQ(before.getUniqueID(), after.getUniqueID()); // not replaced
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.txt"});
}

/// A full disk, as far as this process can tell: writes past 16 KiB fail
/// (EFBIG, with SIGXFSZ ignored), restored at the end.
class FileSizeLimit {
public:
  FileSizeLimit() {
    getrlimit(RLIMIT_FSIZE, &saved);
    previous = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 16 * 1024;
    setrlimit(RLIMIT_FSIZE, &small);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previous);
  }

private:
  rlimit saved;
  void (*previous)(int);
};

TEST(OutputFilesTest, FailedWriteIsAnErrorAtCommit) {
  ScratchDir dir;
  std::string out = dir.file("out.txt");
  Error result = Error::success();
  {
    FileSizeLimit limit;
    bpat::OutputFiles outputs;
    Expected<raw_ostream &> os = outputs.open(out);
    ASSERT_TRUE(bool(os)) << toString(os.takeError());
    *os << std::string(200000, 'x');
    result = outputs.commit();
  }
  ASSERT_TRUE(bool(result));
  EXPECT_NE(toString(std::move(result)).find("cannot write"),
            std::string::npos);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(OutputFilesTest, FailedWriteOfAGivenUpOutputDoesNotAbort) {
  // bpatc gives its output up when the dependency file cannot be written;
  // a full disk fails both. The stream's error must not reach its
  // destructor, which would abort the process.
  ScratchDir dir;
  {
    FileSizeLimit limit;
    bpat::OutputFiles outputs;
    Expected<raw_ostream &> os = outputs.open(dir.file("out.txt"));
    ASSERT_TRUE(bool(os)) << toString(os.takeError());
    *os << std::string(200000, 'x');
  }
  EXPECT_TRUE(dir.entries().empty());
}

} // namespace
