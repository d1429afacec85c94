//===- GraphJSONTest.cpp - The LLVM-free graph reader's messages ----------===//
//
// Part of the bpat project: graphio::readGraphJSON (bpat/GraphJSON, plain
// C++17, what a consumer of the installed package calls) reports each
// problem exactly as bpat-match reports it through the DiagnosticEngine:
// the same file:line:col, message, source line, caret and range, and note.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphJSON/GraphJSON.h"
#include "bpat/GraphIO/GraphReader.h"
#include "bpat/GraphJSON/GraphWriter.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <cstdio>
#include <fstream>

using namespace bpat;

namespace {

/// What bpat-match prints for `text` read as `g.json`.
std::string diagnosticText(const std::string &text) {
  llvm::SourceMgr sm;
  std::string out;
  llvm::raw_string_ostream os(out);
  DiagnosticEngine diags(sm, os);
  std::optional<rt::Graph> g = graphio::parseGraphJSON(text, "g.json", diags);
  EXPECT_FALSE(g.has_value());
  os.flush();
  return out;
}

std::string node(const std::string &name, const std::string &rest = "") {
  return "{\"name\": \"" + name +
         "\", \"op\": \"placeholder\", \"target\": \"x\", \"args\": [], "
         "\"kwargs\": {}" +
         rest + "}";
}

TEST(GraphJSON, ProblemsAsTheDiagnosticEngineWritesThem) {
  const std::string bad[] = {
      // Syntax errors, at the offending byte.
      "{\"nodes\": [\n  1,\n ]}",
      "{\"nodes\": [\"\xff\"]}",
      "{\"nodes\": [{\"a\": \"\\ud800\"}]}",
      std::string(300, '[') + std::string(300, ']'),
      "",
      "{} x",
      // The top level.
      "[]",
      "{\"nodes\": [], \"extra\": 1}",
      "{}",
      // Nodes: ranges, and notes at another line.
      "{\"nodes\": [\n" + node("a") + ",\n" + node("a") + "\n]}",
      "{\"nodes\": [{\"name\": \"a\", \"op\": \"call\", \"target\": \"x\", "
      "\"args\": [], \"kwargs\": {}}]}",
      "{\"nodes\": [\n" + node("b") +
          ",\n{\"name\": \"c\", \"op\": \"call_function\", \"target\": \"f\", "
          "\"args\": [{\"node\": \"d\"}], \"kwargs\": {}},\n" +
          node("d") + "]}",
      "{\"nodes\": [{\"name\": \"c\", \"op\": \"call_function\", \"target\": "
      "\"f\", \"args\": [{\"dict\": {\"k\": {\"slice\": [1]}}}], "
      "\"kwargs\": {}}]}",
      // users lists, with the whole name underlined.
      "{\"nodes\": [" + node("a", ", \"users\": [\"nobody\"]") + "]}",
      "{\"nodes\": [\t" + node("a", ", \"users\": [7]") + "]}",
      // Non-ASCII text before the caret (one column per character).
      "{\"nodes\": [" + node("\xc3\xa9\xe2\x82\xac", ", \"users\": [7]") + "]}",
  };
  for (const std::string &text : bad) {
    SCOPED_TRACE(text);
    rt::Expected<rt::Graph> g = graphio::readGraphJSON(text, "g.json");
    ASSERT_FALSE(g);
    EXPECT_EQ(g.message(), diagnosticText(text));
  }
}

TEST(GraphJSON, ReadsAndWritesWithoutTheCompiler) {
  std::string text = "{\"nodes\": [\n  " + node("x", ", \"users\": [\"y\"]") +
                     ",\n  {\"name\": \"y\", \"op\": \"call_module\", "
                     "\"target\": \"torch.nn.ReLU\", \"args\": [{\"node\": "
                     "\"x\"}], \"kwargs\": {}, \"users\": []}\n]}\n";
  rt::Expected<rt::Graph> g = graphio::readGraphJSON(text, "g.json");
  ASSERT_TRUE(g) << g.message();
  ASSERT_EQ(g->size(), 2u);
  EXPECT_EQ(g->node(1).target(), "torch.nn.ReLU");
  EXPECT_EQ(graphio::writeGraphJSON(*g), text);

  std::string path = ::testing::TempDir() + "graphjson-test.json";
  std::ofstream(path) << text;
  rt::Expected<rt::Graph> fromFile = graphio::readGraphJSONFile(path);
  ASSERT_TRUE(fromFile) << fromFile.message();
  EXPECT_EQ(graphio::writeGraphJSON(*fromFile), text);
  std::remove(path.c_str());
  rt::Expected<rt::Graph> missing = graphio::readGraphJSONFile(path);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.message(), path + ": cannot read the file");
}

} // namespace
