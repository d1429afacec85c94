//===- BackendReaderTest.cpp - The runtime backend file, both ways --------===//
//
// bpatc --emit=runtime-json and graphio::readRuntimeBackend: every shipped
// port survives the trip field by field (the backend loaded from the .bpat
// sources equals the one read back from the JSON), and a broken file gets
// one diagnostic at its place.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/BackendReader.h"
#include "bpat/Driver/Pipeline.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "gtest/gtest.h"

using namespace bpat;

namespace {

std::string libraryDir() { return std::string(BPAT_SOURCE_ROOT) + "/library"; }

/// Field-by-field equality, naming the first field that differs.
void expectSameConfig(const rt::BackendPatternConfig &a,
                      const rt::BackendPatternConfig &b,
                      const std::string &where) {
  EXPECT_TRUE(a.pattern == b.pattern) << where;
  EXPECT_EQ(a.simplePattern.has_value(), b.simplePattern.has_value()) << where;
  if (a.simplePattern && b.simplePattern)
    EXPECT_TRUE(*a.simplePattern == *b.simplePattern) << where;
  EXPECT_EQ(a.observation, b.observation) << where;
  EXPECT_TRUE(a.dtypeConfigs == b.dtypeConfigs) << where;
  EXPECT_EQ(a.rootModule, b.rootModule) << where;
  EXPECT_EQ(a.qatModule, b.qatModule) << where;
  EXPECT_EQ(a.referenceQuantizedModule, b.referenceQuantizedModule) << where;
  EXPECT_EQ(a.fusedModule, b.fusedModule) << where;
  EXPECT_EQ(a.fuserMethod, b.fuserMethod) << where;
  EXPECT_EQ(a.rootNodeGetter, b.rootNodeGetter) << where;
  EXPECT_EQ(a.extraInputsGetter, b.extraInputsGetter) << where;
  EXPECT_TRUE(a.numTensorArgsToObservationType ==
              b.numTensorArgsToObservationType)
      << where;
  EXPECT_TRUE(a.inputTypeToIndex == b.inputTypeToIndex) << where;
  EXPECT_EQ(a.inputOutputObserved, b.inputOutputObserved) << where;
  EXPECT_EQ(a.provenance, b.provenance) << where;
}

class RuntimeBackendRoundTrip : public ::testing::TestWithParam<const char *> {
};

TEST_P(RuntimeBackendRoundTrip, EveryFieldSurvives) {
  std::string file = libraryDir() + "/" + GetParam();
  ImportOptions imports;
  imports.libraryDir = libraryDir();

  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm);
  std::optional<rt::BackendConfig> loaded =
      loadRuntimeBackend(file, "", imports, diags);
  ASSERT_TRUE(loaded) << file;

  CompileOptions options;
  options.emit = EmitKind::RuntimeJSON;
  options.imports = imports;
  std::optional<CompileResult> emitted = compileFile(file, options, diags);
  ASSERT_TRUE(emitted) << file;

  unsigned id = sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(emitted->output, "backend.json"),
      llvm::SMLoc());
  std::optional<rt::BackendConfig> read =
      graphio::readRuntimeBackend(id, diags);
  ASSERT_TRUE(read) << file;
  EXPECT_EQ(read->name, loaded->name);
  ASSERT_EQ(read->configs.size(), loaded->configs.size());
  for (size_t i = 0; i < read->configs.size(); ++i)
    expectSameConfig(loaded->configs[i], read->configs[i],
                     std::string(GetParam()) + " config " + std::to_string(i));
}

INSTANTIATE_TEST_SUITE_P(
    ShippedPorts, RuntimeBackendRoundTrip,
    ::testing::Values(
        "torch/backends/native.bpat", "torch/backends/fbgemm.bpat",
        "torch/backends/qnnpack.bpat", "torch/backends/x86.bpat",
        "torch/backends/tensorrt.bpat", "torch/backends/executorch.bpat",
        "torch/backends/native_and_fp16.bpat", "torch-2.6/backends/native.bpat",
        "torch-2.6/backends/onednn.bpat",
        "torch-2.6/backends/executorch.bpat"));

/// The one diagnostic reading `text` gives, as printed.
std::string readError(const std::string &text) {
  llvm::SourceMgr sm;
  std::string out;
  llvm::raw_string_ostream os(out);
  DiagnosticEngine diags(sm, os);
  unsigned id = sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "b.json"), llvm::SMLoc());
  EXPECT_FALSE(graphio::readRuntimeBackend(id, diags)) << text;
  os.flush();
  return out.substr(0, out.find('\n'));
}

TEST(RuntimeBackendReader, ErrorsAtTheirPlace) {
  const std::string head = R"({"bpat_runtime_backend": 1, "name": "b", )";
  const std::string conv =
      R"({"pattern_complex_format": {"module": "m.Conv"}})";
  EXPECT_EQ(readError(R"({"name": "b", "configs": []})"),
            "b.json:1:15: error: expected \"bpat_runtime_backend\" first: is "
            "this the output of bpatc --emit=runtime-json?");
  EXPECT_EQ(readError(R"({"bpat_runtime_backend": 2, "configs": []})"),
            "b.json:1:26: error: this file is version 2 of the runtime "
            "backend format; this bpat-match reads version 1");
  EXPECT_EQ(readError(head + R"("configs": [{"pattern_complex_format": )"
                             R"({"class": "m.Conv"}}]})"),
            "b.json:1:82: error: unknown op kind \"class\" (expected module, "
            "function or method)");
  EXPECT_EQ(readError(head + R"("configs": [{"observation_type": "x"}]})"),
            "b.json:1:75: error: unknown observation type \"x\" (expected "
            "ObservationType.X)");
  EXPECT_EQ(readError(head + R"("configs": [{"dtype_configs": []}]})"),
            "b.json:1:54: error: a config needs its "
            "\"pattern_complex_format\"");
  EXPECT_EQ(readError(head + R"("configs": [)" + conv + ", " + conv + "]}"),
            "b.json:1:104: error: a second config for the same pattern");
  EXPECT_EQ(readError(head +
                      R"("configs": [{"pattern_complex_format": )"
                      R"({"module": "m.A"}, "overwrite_output_observer": )"
                      R"("x"}]})"),
            "b.json:1:100: error: the runtime does not keep "
            "\"overwrite_output_observer\"");
  EXPECT_EQ(readError(head + R"("configs": [)" + conv + "]} x"),
            "b.json:1:105: error: invalid JSON: Text after end of document");
}

} // namespace
