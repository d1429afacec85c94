//===- image-fuzz.cpp - libFuzzer target over compiled backends -----------===//
//
// Feeds arbitrary bytes to the compiled backend reader
// (rt::BackendImage::open). Most inputs are first resealed (both checksums
// recomputed over the mutated bytes), so that mutations reach the checks
// behind the checksum: sections, labels, both tables (validateTable), the
// program TableMatcher::create derives from each (detail::checkProgram), and
// the interpreter, run over a graph whose nodes use the table's own targets.
// The runtime JSON is read and cross-checked as bpat-match reads it. Any
// crash, hang or sanitizer report is a bug.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/CompiledBackend.h"
#include "bpat/Runtime/BackendImage.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/TableMatcher.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <cstring>
#include <vector>

using namespace bpat;

namespace {

uint32_t word(const std::vector<uint64_t> &buf, uint32_t i) {
  uint32_t v;
  std::memcpy(&v, reinterpret_cast<const char *>(buf.data()) + i * 4, 4);
  return v;
}

void setWord(std::vector<uint64_t> &buf, uint32_t i, uint32_t v) {
  std::memcpy(reinterpret_cast<char *>(buf.data()) + i * 4, &v, 4);
}

/// Recomputes both checksums, where the header leaves the runtime JSON
/// where image::checksum can find it.
void reseal(std::vector<uint64_t> &buf, size_t size) {
  using namespace rt::image;
  if (size < HeaderSize * 4 || size % 8 != 0)
    return;
  uint32_t json = word(buf, HSections + 2 * SRuntimeJSON);
  if (json < HeaderSize * 4 || json % 8 != 0 || json > size)
    return;
  const auto *bytes = reinterpret_cast<const unsigned char *>(buf.data());
  uint64_t jsonSum = hash(bytes + json, size - json);
  setWord(buf, HJSONChecksumLow, uint32_t(jsonSum));
  setWord(buf, HJSONChecksumHigh, uint32_t(jsonSum >> 32));
  uint64_t sum = checksum(bytes, size);
  setWord(buf, HChecksumLow, uint32_t(sum));
  setWord(buf, HChecksumHigh, uint32_t(sum >> 32));
}

/// A chain of call_module nodes over the table's own targets, so that the
/// buckets run.
rt::Graph graphOver(const rt::MatcherTableView &t) {
  rt::Graph g;
  rt::GraphNode x;
  x.name = "x";
  x.op = rt::NodeOp::Placeholder;
  x.target = "x";
  (void)g.addNode(std::move(x));
  uint32_t numStrings = t.header(rt::table::HNumStrings);
  for (uint32_t i = 0; i != 24; ++i) {
    rt::GraphNode n;
    n.name = "n" + std::to_string(i);
    n.op = i % 3 == 2 ? rt::NodeOp::CallFunction : rt::NodeOp::CallModule;
    n.target = numStrings ? std::string(t.string(i % numStrings)) : "t";
    n.args.push_back(rt::Arg::makeNode(i));
    if (i % 4 == 3)
      n.args.push_back(rt::Arg::makeNode(i / 2));
    (void)g.addNode(std::move(n));
  }
  return g;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<uint64_t> buf((size + 7) / 8 + 1);
  std::memcpy(buf.data(), data, size);
  // One input in eight keeps its checksums as they are.
  if (size == 0 || data[size - 1] % 8 != 0)
    reseal(buf, size);
  std::string_view bytes(reinterpret_cast<const char *>(buf.data()), size);
  rt::Expected<rt::BackendImage> image = rt::BackendImage::open(bytes);
  if (!image)
    return 0;
  rt::ImageLabels labels(*image);
  for (uint32_t i = 0; i != image->numConfigs(); ++i)
    (void)(labels.pattern(i).size() + labels.provenance(i).size());
  for (rt::MatchMode mode : {rt::MatchMode::Quantize, rt::MatchMode::Fuse}) {
    rt::Expected<rt::TableMatcher> matcher =
        rt::TableMatcher::create(image->table(mode));
    if (!matcher)
      continue;
    rt::Graph g = graphOver(image->table(mode));
    rt::MatchMap map = matcher->match(g);
    (void)rt::matchMapToJson(g, labels, map);
  }
  // The rest of the backend, as bpat-match reads it for --explain.
  llvm::SourceMgr sm;
  std::string sink;
  llvm::raw_string_ostream os(sink);
  DiagnosticEngine diags(sm, os);
  graphio::CompiledBackend compiled{"fuzz.bpatb",
                                    llvm::MemoryBuffer::getMemBuffer(
                                        llvm::StringRef(bytes.data(), size),
                                        "fuzz.bpatb", false),
                                    *image};
  (void)graphio::readCompiledBackendConfigs(compiled, diags);
  return 0;
}
