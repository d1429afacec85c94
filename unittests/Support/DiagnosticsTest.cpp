//===- DiagnosticsTest.cpp - How diagnostics show their source line -------===//
//
// A long line (a minified JSON file is one line) is shown as a window around
// the column, with "..." where it goes on; short lines are shown whole.
//
//===----------------------------------------------------------------------===//

#include "bpat/Support/Diagnostics.h"
#include "gtest/gtest.h"

using namespace bpat;

namespace {

/// The output of one error at byte `Offset` of `Text`, `Length` bytes long.
std::string errorAt(const std::string &text, size_t offset, size_t length) {
  llvm::SourceMgr sm;
  std::string out;
  llvm::raw_string_ostream os(out);
  DiagnosticEngine diags(sm, os);
  unsigned id = sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "f.json"), llvm::SMLoc());
  const char *start = sm.getMemoryBuffer(id)->getBufferStart() + offset;
  diags.error({llvm::SMLoc::getFromPointer(start),
               llvm::SMLoc::getFromPointer(start + length)},
              "bad");
  return os.str();
}

TEST(DiagnosticsTest, ShortLinesAreShownWhole) {
  EXPECT_EQ(errorAt("[1, 2, xyz]\n", 7, 3), "f.json:1:8: error: bad\n"
                                            "[1, 2, xyz]\n"
                                            "       ^~~\n");
}

TEST(DiagnosticsTest, LongLinesAreShownAroundTheColumn) {
  std::string line =
      "[" + std::string(1000, '1') + "xyz" + std::string(1000, '2') + "]";
  std::string out = errorAt(line, 1001, 3);
  std::string shown =
      "..." + std::string(100, '1') + "xyz" + std::string(97, '2') + "...";
  EXPECT_EQ(out, "f.json:1:1002: error: bad\n" + shown + "\n" +
                     std::string(103, ' ') + "^~~\n");
  // Near the start: no "..." before.
  out = errorAt(line, 0, 1);
  EXPECT_EQ(out,
            "f.json:1:1: error: bad\n[" + std::string(199, '1') + "...\n^\n");
  // A range that goes past the window is cut at its edge.
  out = errorAt(line, 1001, 500);
  EXPECT_EQ(out.substr(out.rfind('\n', out.size() - 2) + 1),
            std::string(103, ' ') + "^" + std::string(99, '~') + "\n");
}

TEST(DiagnosticsTest, LongLinesAreCutBetweenCharacters) {
  // "é" is two bytes; the window must not start inside one.
  std::string line;
  for (int i = 0; i != 300; ++i)
    line += "\xC3\xA9";
  line += "x";
  std::string out = errorAt(line, 600, 1);
  size_t dots = out.find("\n...");
  ASSERT_NE(dots, std::string::npos) << out;
  EXPECT_EQ(out.substr(dots + 4, 2), "\xC3\xA9");
  EXPECT_NE(out.find("x\n"), std::string::npos);
}

} // namespace
