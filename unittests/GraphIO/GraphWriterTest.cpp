//===- GraphWriterTest.cpp - rt::Graph as graph JSON ----------------------===//
//
// Part of the bpat project: graphio::writeGraphJSON writes back what
// graphio::readGraph read (every argument form, float spellings, dict and
// kwargs order), and pythonFloatRepr spells floats as Python's repr.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphJSON/GraphWriter.h"
#include "bpat/GraphIO/GraphReader.h"
#include "llvm/Support/SourceMgr.h"
#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace bpat;

namespace {

TEST(GraphWriter, ReadThenWrittenIsTheSameText) {
  const char *text =
      "{\"nodes\": [\n"
      "  {\"name\": \"x\", \"op\": \"placeholder\", \"target\": \"x\", "
      "\"args\": [], \"kwargs\": {}, \"users\": [\"f\", \"output\"]},\n"
      "  {\"name\": \"f\", \"op\": \"call_function\", \"target\": \"m.f\", "
      "\"args\": [{\"node\": \"x\"}, [1, -2, 2.50, 1E3, "
      "\"s\\\"\\\\\\n\\u0001\", "
      "null, true, false], {\"literal\": \"torch.float32\"}, {\"dict\": "
      "{\"b\": {\"node\": \"x\"}, \"a\": []}}, {\"slice\": [null, {\"node\": "
      "\"x\"}, 2]}, \"\xc3\xa9\"], \"kwargs\": {\"z\": 1, \"a\": {\"node\": "
      "\"x\"}}, \"users\": [\"output\"]},\n"
      "  {\"name\": \"output\", \"op\": \"output\", \"target\": \"output\", "
      "\"args\": [[{\"node\": \"f\"}, {\"node\": \"x\"}]], \"kwargs\": {}, "
      "\"users\": []}\n"
      "]}\n";
  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm);
  std::optional<rt::Graph> g = graphio::parseGraphJSON(text, "g.json", diags);
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(graphio::writeGraphJSON(*g), text);
}

TEST(GraphWriter, EmptyGraph) {
  EXPECT_EQ(graphio::writeGraphJSON(rt::Graph()), "{\"nodes\": [\n]}\n");
}

TEST(GraphWriter, FloatsAsPythonReprWritesThem) {
  using graphio::pythonFloatRepr;
  EXPECT_EQ(pythonFloatRepr(1.0), "1.0");
  EXPECT_EQ(pythonFloatRepr(0.0), "0.0");
  EXPECT_EQ(pythonFloatRepr(-0.0), "-0.0");
  EXPECT_EQ(pythonFloatRepr(0.1), "0.1");
  EXPECT_EQ(pythonFloatRepr(-2.5), "-2.5");
  EXPECT_EQ(pythonFloatRepr(100.0), "100.0");
  EXPECT_EQ(pythonFloatRepr(0.0001), "0.0001");
  EXPECT_EQ(pythonFloatRepr(0.00001), "1e-05");
  EXPECT_EQ(pythonFloatRepr(1.5e-7), "1.5e-07");
  EXPECT_EQ(pythonFloatRepr(123.456), "123.456");
  EXPECT_EQ(pythonFloatRepr(9999999999999998.0), "9999999999999998.0");
  EXPECT_EQ(pythonFloatRepr(1e16), "1e+16");
  EXPECT_EQ(pythonFloatRepr(1.5e300), "1.5e+300");
  EXPECT_EQ(pythonFloatRepr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(pythonFloatRepr(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(pythonFloatRepr(std::nan("")), "nan");
}

TEST(GraphWriter, FloatWithoutSpellingAndNonFinite) {
  rt::Graph g;
  rt::GraphNode n;
  n.name = "f";
  n.op = rt::NodeOp::CallFunction;
  n.target = "m.f";
  n.args = {rt::Arg::makeLiteral(rt::Literal::floating(0.5)),
            rt::Arg::makeLiteral(rt::Literal::floating(
                std::numeric_limits<double>::infinity()))};
  ASSERT_TRUE(static_cast<bool>(g.addNode(n)));
  EXPECT_EQ(graphio::writeGraphJSON(g),
            "{\"nodes\": [\n  {\"name\": \"f\", \"op\": \"call_function\", "
            "\"target\": \"m.f\", \"args\": [0.5, {\"literal\": \"inf\"}], "
            "\"kwargs\": {}, \"users\": []}\n]}\n");
}

} // namespace
