//===- ProgramTest.cpp - What ir::Program keeps of the declarations -------===//
//
// The op sets (flattened) and the file of each declaration, which tools that
// reuse a file's declarations (bpat-import's library index) read instead of
// the AST.
//
//===----------------------------------------------------------------------===//

#include "bpat/Parse/Parser.h"
#include "bpat/Sema/Sema.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using namespace bpat;

namespace {

/// Compiles `main` with `lib.bpat` (holding `lib`) importable; fails the
/// test on any diagnostic.
class ProgramTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(
        llvm::sys::fs::createUniqueDirectory("bpat-program-test", dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }

  std::unique_ptr<ir::Program> compile(llvm::StringRef lib,
                                       llvm::StringRef main) {
    llvm::SmallString<128> libPath(dir);
    llvm::sys::path::append(libPath, "lib.bpat");
    std::error_code ec;
    {
      llvm::raw_fd_ostream out(libPath, ec);
      out << lib;
    }
    EXPECT_FALSE(ec);
    ImportOptions options;
    options.includeDirs.push_back(std::string(dir));
    std::string messages;
    llvm::raw_string_ostream os(messages);
    DiagnosticEngine diags(sourceMgr, os);
    ast = loadProgramFromBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(main, "main.bpat"), options,
        diags);
    std::unique_ptr<ir::Program> program = ast ? analyze(*ast, diags) : nullptr;
    EXPECT_TRUE(program) << os.str();
    return program;
  }

  llvm::SmallString<128> dir;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<ast::Program> ast;
};

TEST_F(ProgramTest, OpSetsAreFlattenedInOrder) {
  std::unique_ptr<ir::Program> program = compile("op a = function \"m.a\";\n"
                                                 "op b = function \"m.b\";\n"
                                                 "opset ab = a | b;\n",
                                                 "import \"lib.bpat\";\n"
                                                 "op c = module \"m.C\";\n"
                                                 "opset cab = c | ab;\n");
  ASSERT_TRUE(program);
  ASSERT_EQ(program->opSets.size(), 2u);
  EXPECT_EQ(program->opSets[0]->name, "ab");
  const ir::OpSet &cab = *program->opSets[1];
  EXPECT_EQ(cab.name, "cab");
  std::vector<std::string> targets;
  for (const ir::Op *op : cab.members)
    targets.push_back(op->target);
  EXPECT_EQ(targets, (std::vector<std::string>{"m.C", "m.a", "m.b"}));
}

TEST_F(ProgramTest, EveryDeclarationHasItsFile) {
  std::unique_ptr<ir::Program> program = compile("op a = function \"m.a\";\n"
                                                 "group g { pattern a; }\n",
                                                 "import \"lib.bpat\";\n"
                                                 "dtype q = \"torch.quint8\";\n"
                                                 "backend be { use g; }\n");
  ASSERT_TRUE(program);
  EXPECT_EQ(program->mainFile, "main.bpat");
  EXPECT_EQ(program->declarationFiles.size(), 4u);
  EXPECT_TRUE(program->isDeclaredInMainFile("q"));
  EXPECT_TRUE(program->isDeclaredInMainFile("be"));
  EXPECT_FALSE(program->isDeclaredInMainFile("a"));
  EXPECT_FALSE(program->isDeclaredInMainFile("g"));
  EXPECT_FALSE(program->isDeclaredInMainFile("missing"));
  EXPECT_TRUE(
      llvm::StringRef(program->declarationFiles.at("g")).endswith("lib.bpat"));
}

} // namespace
