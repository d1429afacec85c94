//===- FastParserTest.cpp - The fast path against ANTLR and ASTBuilder ----===//
//
// parseFast must build exactly the AST that ANTLR's parser and ASTBuilder
// build (every field, every range), and give up on every input for which
// that path reports a diagnostic. These tests parse each .bpat file of the
// repository, hand-written snippets of every construct and generated
// variations both ways and compare the trees field by field.
//
//===----------------------------------------------------------------------===//

#include "FastParser.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>

#include <random>

using namespace bpat;
using namespace bpat::ast;

namespace {

/// Compares two ASTs, collecting the first differences as text.
struct Compare {
  std::vector<std::string> diffs;

  void fail(const std::string &what) {
    if (diffs.size() < 5)
      diffs.push_back(what);
  }
  void range(llvm::SMRange a, llvm::SMRange b, const char *what) {
    if (a.Start.getPointer() != b.Start.getPointer() ||
        a.End.getPointer() != b.End.getPointer())
      fail(std::string("range of ") + what);
  }
  template <typename T> void eq(const T &a, const T &b, const char *what) {
    if (!(a == b))
      fail(what);
  }
  void name(const Name &a, const Name &b) {
    eq(a.text, b.text, "name text");
    range(a.range, b.range, "name");
  }
  void comments(const Comments &a, const Comments &b) {
    eq(a.leading, b.leading, "leading comments");
    eq(a.trailing, b.trailing, "trailing comment");
    eq(a.closing, b.closing, "closing comments");
    eq(a.blankLineBefore, b.blankLineBefore, "blank line before");
    eq(a.blankLineAfterLeading, b.blankLineAfterLeading, "blank line after");
  }
  void attrs(const std::vector<Attr> &a, const std::vector<Attr> &b) {
    if (a.size() != b.size())
      return fail("number of attributes");
    for (size_t i = 0; i < a.size(); ++i) {
      name(a[i].key, b[i].key);
      value(*a[i].value, *b[i].value);
      range(a[i].range, b[i].range, "attribute");
      comments(a[i].comments, b[i].comments);
    }
  }
  void value(const Value &a, const Value &b) {
    eq(a.kind, b.kind, "value kind");
    range(a.range, b.range, "value");
    eq(a.text, b.text, "value text");
    eq(a.isFloat, b.isFloat, "isFloat");
    eq(a.intValue, b.intValue, "intValue");
    eq(a.floatValue, b.floatValue, "floatValue");
    if (a.elements.size() != b.elements.size())
      return fail("number of list elements");
    for (size_t i = 0; i < a.elements.size(); ++i)
      value(*a.elements[i], *b.elements[i]);
    if (a.entries.size() != b.entries.size())
      return fail("number of map entries");
    for (size_t i = 0; i < a.entries.size(); ++i) {
      name(a.entries[i].key, b.entries[i].key);
      eq(a.entries[i].keyIsInteger, b.entries[i].keyIsInteger, "int key");
      value(*a.entries[i].value, *b.entries[i].value);
    }
    attrs(a.attrs, b.attrs);
  }
  void term(const Term &a, const Term &b) {
    eq(a.kind, b.kind, "term kind");
    range(a.range, b.range, "term");
    name(a.name, b.name);
    eq(a.hasArgs, b.hasArgs, "hasArgs");
    terms(a.children, b.children);
  }
  void terms(const std::vector<std::unique_ptr<Term>> &a,
             const std::vector<std::unique_ptr<Term>> &b) {
    if (a.size() != b.size())
      return fail("number of terms");
    for (size_t i = 0; i < a.size(); ++i)
      term(*a[i], *b[i]);
  }
  void names(const std::vector<Name> &a, const std::vector<Name> &b) {
    if (a.size() != b.size())
      return fail("number of names");
    for (size_t i = 0; i < a.size(); ++i)
      name(a[i], b[i]);
  }
  void param(const FuserParam &a, const FuserParam &b) {
    name(a.name, b.name);
    range(a.range, b.range, "fuser parameter");
    if (a.elements.size() != b.elements.size())
      return fail("number of fuser parameters");
    for (size_t i = 0; i < a.elements.size(); ++i)
      param(a.elements[i], b.elements[i]);
  }
  void item(const GroupItem &a, const GroupItem &b) {
    eq(a.kind, b.kind, "group item kind");
    range(a.range, b.range, "group item");
    attrs(a.attrs, b.attrs);
    name(a.target, b.target);
    names(a.useArgs, b.useArgs);
    eq(a.hasUseArgs, b.hasUseArgs, "hasUseArgs");
    terms(a.steps, b.steps);
    eq(a.fused.has_value(), b.fused.has_value(), "fused");
    if (a.fused && b.fused)
      name(*a.fused, *b.fused);
    eq(a.isOverride, b.isOverride, "isOverride");
    eq(a.hasBody, b.hasBody, "hasBody");
    comments(a.comments, b.comments);
  }
  void decl(const Decl &a, const Decl &b) {
    eq(a.kind, b.kind, "decl kind");
    range(a.range, b.range, "decl");
    name(a.name, b.name);
    eq(a.target, b.target, "target");
    range(a.targetRange, b.targetRange, "target");
    eq(a.opKind, b.opKind, "opKind");
    eq(a.getterKind, b.getterKind, "getterKind");
    name(a.baseName, b.baseName);
    attrs(a.attrs, b.attrs);
    eq(a.hasAttrBlock, b.hasAttrBlock, "hasAttrBlock");
    names(a.members, b.members);
    if (a.params.size() != b.params.size())
      return fail("number of fuser parameters");
    for (size_t i = 0; i < a.params.size(); ++i)
      param(a.params[i], b.params[i]);
    eq(a.isBackend, b.isBackend, "isBackend");
    names(a.groupParams, b.groupParams);
    eq(a.hasGroupParams, b.hasGroupParams, "hasGroupParams");
    comments(a.comments, b.comments);
    if (a.items.size() != b.items.size())
      return fail("number of group items");
    for (size_t i = 0; i < a.items.size(); ++i)
      item(a.items[i], b.items[i]);
  }
  void module(const Module &a, const Module &b) {
    eq(a.trailingComments, b.trailingComments, "trailing comments");
    if (a.decls.size() != b.decls.size())
      return fail("number of declarations");
    for (size_t i = 0; i < a.decls.size(); ++i)
      decl(*a.decls[i], *b.decls[i]);
  }
};

/// Parses `text` both ways; returns whether the fast path took it.
bool expectSameAST(const std::string &text, const std::string &name) {
  llvm::SourceMgr sm;
  std::string ignored;
  llvm::raw_string_ostream os(ignored);
  DiagnosticEngine diags(sm, os);
  unsigned id = sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, name), llvm::SMLoc());
  std::unique_ptr<Module> expected = parseModuleWithANTLR(id, diags);
  llvm::StringRef buffer = sm.getMemoryBuffer(id)->getBuffer();
  std::vector<SourceComment> comments;
  std::unique_ptr<Module> actual = parseFast(buffer, comments);
  if (!expected) {
    EXPECT_EQ(actual, nullptr) << name << ": the ANTLR path reported an error "
                               << "the fast path did not see:\n"
                               << text;
    return false;
  }
  if (!actual)
    return false;
  attachComments(*actual, comments);
  Compare compare;
  compare.module(*expected, *actual);
  EXPECT_TRUE(compare.diffs.empty())
      << name << ": " << llvm::join(compare.diffs, ", ") << "\n"
      << text;
  return true;
}

TEST(FastParserTest, RepositoryFiles) {
  unsigned files = 0, fast = 0;
  for (const char *dir : {"test", "library", "examples"}) {
    std::error_code ec;
    for (llvm::sys::fs::recursive_directory_iterator
             it(std::string(BPAT_SOURCE_DIR) + "/" + dir, ec),
         end;
         it != end && !ec; it.increment(ec)) {
      if (llvm::sys::path::extension(it->path()) != ".bpat")
        continue;
      auto buffer = llvm::MemoryBuffer::getFile(it->path());
      if (!buffer)
        continue;
      ++files;
      fast += expectSameAST((*buffer)->getBuffer().str(), it->path());
    }
  }
  EXPECT_GT(files, 100u);
  EXPECT_GT(fast, files / 2); // most files take the fast path
}

TEST(FastParserTest, EveryConstruct) {
  const char *text = R"(// leading
import "x.bpat";  // trailing
op conv = module "torch.nn.Conv2d" { args = 1; input_type_to_index = { bias: 2, 0: 1, }; };
op add = function "torch.add";
op relu_ = method "relu_";
opset any = conv | add | relu_;
dtype q = "torch.quint8";
dtype qc = q { scale_min_lower_bound = 2.5e-5; quant_max = -3; };
dtype_config dc { input = qc { quant_min = 0; }; weight = q; is_dynamic = true; }
fuser f(a, (b, c), ((d))) = "m.f";
root_node_getter r = "m.r";
extra_inputs_getter e = "m.e";

/* block
   comment */
group g(x, y) {
  defaults { dtypes = [dc, dc,]; observation = output_share_observer_with_input; }
  pattern x -> (y | add(_, <prev>)) -> conv(add(x | y, _), (relu_));
  override pattern conv => Fused { fuser = f; list = []; map = {}; n = -1.5; }
  pattern add(x(_), y) { op = 1; module = 2; import = 3; }
  // closing
}
backend b {
  use g(conv, add);
  use g(add, conv) { dtypes = [dc]; }
}
// end
)";
  EXPECT_TRUE(expectSameAST(text, "every-construct"));
  EXPECT_TRUE(expectSameAST("", "empty"));
  EXPECT_TRUE(
      expectSameAST("op a = module \"\\\"\\\\\\n\\t\xC3\xA9\";", "utf8"));
}

TEST(FastParserTest, GivesUpWhereANTLRReports) {
  const char *texts[] = {
      "op a = module \"a\"",        // missing ';'
      "backend b { pattern a(); }", // empty argument list
      "op a = module \"\\q\";",     // unknown escape
      "dtype d = q { x = 99999999999999999999; };",
      "dtype d = q { x = 1e999; };",
      "backend b { pattern _ -> ; }",
      "op a = module \"a\"; #",
      "\xEF\xBB\xBFop a = module \"a\";", // byte order mark
      "fuser f() = \"x\";",               // fine: no parameters
      "fuser f(()) = \"x\";",
      "dtype_config d { _ = 1; }",
      "backend b { pattern a -> <prev> => ; }",
  };
  for (const char *text : texts)
    expectSameAST(text, "snippet");
  std::string deep = "backend b { pattern " + std::string(201, '(') + "a" +
                     std::string(201, ')') + "; }";
  EXPECT_FALSE(expectSameAST(deep, "deep nesting"));
  std::string chain = "backend b { pattern a";
  for (int i = 0; i < 200; ++i)
    chain += " -> a";
  EXPECT_FALSE(expectSameAST(chain + "; }", "deep chain"));
}

/// Random statements from the grammar's productions.
struct Generator {
  std::mt19937 rng{10};
  size_t below(size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
  }

  std::string term(int depth) {
    switch (depth > 3 ? below(3) : below(5)) {
    case 0:
      return "_";
    case 1:
      return "<prev>";
    case 2:
      return std::string("op") + char('a' + below(3));
    case 3: {
      std::string text = "(" + term(depth + 1);
      for (size_t n = below(3); n; --n)
        text += " | " + term(depth + 1);
      return text + ")";
    }
    default: {
      std::string text = "f(" + term(depth + 1);
      for (size_t n = below(3); n; --n)
        text += (below(2) ? ", " : " | ") + term(depth + 1);
      return text + ")";
    }
    }
  }
  std::string value(int depth) {
    switch (depth > 2 ? below(4) : below(6)) {
    case 0:
      return "name";
    case 1:
      return below(2) ? "-12" : "3.5e-2";
    case 2:
      return "\"str\\n\"";
    case 3:
      return "q { quant_min = 0; }";
    case 4:
      return "[" + value(depth + 1) +
             (below(2) ? ", " + value(depth + 1) : "") + (below(2) ? "," : "") +
             "]";
    default:
      return "{k: " + value(depth + 1) + (below(2) ? ", 1: x" : "") + "}";
    }
  }
  std::string statement() {
    std::string text = below(4) ? "pattern " : "override pattern ";
    text += term(0);
    for (size_t n = below(4); n; --n)
      text += " -> " + term(0);
    if (below(3) == 0)
      text += " => Fused";
    if (below(2))
      return text + ";";
    text += " {";
    for (size_t n = below(3); n; --n)
      text += " key" + std::to_string(n) + " = " + value(0) + ";";
    return text + " }";
  }
  /// `text` with a piece deleted or a token inserted at random.
  std::string mutate(std::string text) {
    const char *inserts[] = {"(", ")", ";", "->", "|",
                             ",", "{", "}", "_",  "=>"};
    size_t at = below(text.size() + 1);
    if (below(2) && at < text.size())
      return text.erase(at, 1 + below(3));
    return text.insert(at, inserts[below(std::size(inserts))]);
  }
};

TEST(FastParserTest, RandomStatements) {
  Generator gen;
  unsigned fast = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string body;
    for (size_t n = 1 + gen.below(3); n; --n)
      body += "  " + gen.statement() + "\n";
    if (gen.below(3) == 0)
      body = gen.mutate(body);
    fast += expectSameAST("backend b {\n" + body + "}\n", "random");
  }
  EXPECT_GT(fast, 1000u); // most are valid and were compared
}

} // namespace
