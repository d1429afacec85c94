//===- torch/CaseDump.cpp - Random cases for the PyTorch cross-check ------===//
//
// Part of the bpat project: runtime unit tests.
//
// Prints N random cases (RandomCase.h), one JSON object per line: the configs
// (pattern tree, has-fuser), the graph, and NaiveMatcher's match maps in both
// modes. torch_crosscheck.py runs PyTorch 1.13.1's own matchers on the same
// cases and compares. Usage: bpat-runtime-casedump N > cases.jsonl
//
//===----------------------------------------------------------------------===//

#include "../RandomCase.h"

#include <cstdio>
#include <cstdlib>

using namespace bpat::rt;
using namespace bpat::rt::test;

namespace {

std::string pj(const PatternNode &p) {
  std::string s = p.isWildcard ? "{\"w\":1"
                               : "{\"k\":" + std::to_string(int(p.op.kind)) +
                                     ",\"t\":\"" + p.op.target + "\"";
  s += ",\"c\":[";
  for (size_t i = 0; i < p.children.size(); ++i)
    s += (i ? "," : "") + pj(p.children[i]);
  return s + "]}";
}
std::string aj(const Arg &a) {
  if (a.k == Arg::Kind::Node)
    return "{\"n\":" + std::to_string(a.node) + "}";
  if (a.k == Arg::Kind::List) {
    std::string s = "[";
    for (size_t i = 0; i < a.elements.size(); ++i)
      s += (i ? "," : "") + aj(a.elements[i]);
    return s + "]";
  }
  if (a.lit.k == Literal::Kind::Bool)
    return a.lit.boolValue ? "true" : "false";
  return std::to_string(a.lit.intValue);
}
std::string mj(const Graph &g, const MatchMap &m) {
  std::string s = "{";
  bool f = true;
  for (NodeId n = 0; n < m.size(); ++n)
    if (m[n].matched()) {
      s += (f ? "" : ",") + std::string("\"") + std::string(g.name(n)) +
           "\":[\"" + std::string(g.name(m[n].anchor)) + "\"," +
           std::to_string(m[n].config) + "]";
      f = false;
    }
  return s + "}";
}
} // namespace

int main(int argc, char **argv) {
  int count = argc > 1 ? std::atoi(argv[1]) : 1000;
  for (int seed = 1; seed <= count; ++seed) {
    Generator gen(seed);
    BackendConfig bc = gen.backend();
    Graph g = gen.graph(bc);
    std::string s = "{\"seed\":" + std::to_string(seed) + ",\"configs\":[";
    for (size_t i = 0; i < bc.configs.size(); ++i)
      s += (i ? "," : "") + std::string("[") + pj(bc.configs[i].pattern) + "," +
           (bc.configs[i].hasFuser() ? "1" : "0") + "]";
    s += "],\"nodes\":[";
    for (NodeId n = 0; n < g.size(); ++n) {
      GraphNode nd = g.node(n).toGraphNode();
      s += (n ? "," : "") + std::string("{\"name\":\"") + nd.name +
           "\",\"op\":\"" + std::string(nodeOpName(nd.op)) +
           "\",\"target\":\"" + nd.target + "\",\"args\":[";
      for (size_t i = 0; i < nd.args.size(); ++i)
        s += (i ? "," : "") + aj(nd.args[i]);
      s += "],\"kwargs\":{";
      for (size_t i = 0; i < nd.kwargs.size(); ++i)
        s += (i ? "," : "") + std::string("\"") + nd.kwargs[i].first +
             "\":" + aj(nd.kwargs[i].second);
      s += "}}";
    }
    s += "],\"quantize\":" +
         mj(g, NaiveMatcher(bc, MatchMode::Quantize).match(g));
    s += ",\"fuse\":" + mj(g, NaiveMatcher(bc, MatchMode::Fuse).match(g)) + "}";
    std::printf("%s\n", s.c_str());
  }
}
