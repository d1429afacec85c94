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
std::string errorAt(const std::string &Text, size_t Offset, size_t Length) {
  llvm::SourceMgr SM;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  DiagnosticEngine Diags(SM, OS);
  unsigned ID = SM.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(Text, "f.json"), llvm::SMLoc());
  const char *Start = SM.getMemoryBuffer(ID)->getBufferStart() + Offset;
  Diags.error({llvm::SMLoc::getFromPointer(Start),
               llvm::SMLoc::getFromPointer(Start + Length)},
              "bad");
  return OS.str();
}

TEST(DiagnosticsTest, ShortLinesAreShownWhole) {
  EXPECT_EQ(errorAt("[1, 2, xyz]\n", 7, 3), "f.json:1:8: error: bad\n"
                                            "[1, 2, xyz]\n"
                                            "       ^~~\n");
}

TEST(DiagnosticsTest, LongLinesAreShownAroundTheColumn) {
  std::string Line =
      "[" + std::string(1000, '1') + "xyz" + std::string(1000, '2') + "]";
  std::string Out = errorAt(Line, 1001, 3);
  std::string Shown =
      "..." + std::string(100, '1') + "xyz" + std::string(97, '2') + "...";
  EXPECT_EQ(Out, "f.json:1:1002: error: bad\n" + Shown + "\n" +
                     std::string(103, ' ') + "^~~\n");
  // Near the start: no "..." before.
  Out = errorAt(Line, 0, 1);
  EXPECT_EQ(Out,
            "f.json:1:1: error: bad\n[" + std::string(199, '1') + "...\n^\n");
  // A range that goes past the window is cut at its edge.
  Out = errorAt(Line, 1001, 500);
  EXPECT_EQ(Out.substr(Out.rfind('\n', Out.size() - 2) + 1),
            std::string(103, ' ') + "^" + std::string(99, '~') + "\n");
}

TEST(DiagnosticsTest, LongLinesAreCutBetweenCharacters) {
  // "é" is two bytes; the window must not start inside one.
  std::string Line;
  for (int I = 0; I != 300; ++I)
    Line += "\xC3\xA9";
  Line += "x";
  std::string Out = errorAt(Line, 600, 1);
  size_t Dots = Out.find("\n...");
  ASSERT_NE(Dots, std::string::npos) << Out;
  EXPECT_EQ(Out.substr(Dots + 4, 2), "\xC3\xA9");
  EXPECT_NE(Out.find("x\n"), std::string::npos);
}

} // namespace
