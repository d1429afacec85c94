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

std::string pj(const PatternNode &P) {
  std::string S = P.IsWildcard ? "{\"w\":1"
                               : "{\"k\":" + std::to_string(int(P.Op.Kind)) +
                                     ",\"t\":\"" + P.Op.Target + "\"";
  S += ",\"c\":[";
  for (size_t I = 0; I < P.Children.size(); ++I)
    S += (I ? "," : "") + pj(P.Children[I]);
  return S + "]}";
}
std::string aj(const Arg &A) {
  if (A.K == Arg::Kind::Node)
    return "{\"n\":" + std::to_string(A.Node) + "}";
  if (A.K == Arg::Kind::List) {
    std::string S = "[";
    for (size_t I = 0; I < A.Elements.size(); ++I)
      S += (I ? "," : "") + aj(A.Elements[I]);
    return S + "]";
  }
  if (A.Lit.K == Literal::Kind::Bool)
    return A.Lit.Bool ? "true" : "false";
  return std::to_string(A.Lit.Int);
}
std::string mj(const Graph &G, const MatchMap &M) {
  std::string S = "{";
  bool F = true;
  for (NodeId N = 0; N < M.size(); ++N)
    if (M[N].matched()) {
      S += (F ? "" : ",") + std::string("\"") + G.node(N).Name + "\":[\"" +
           G.node(M[N].Anchor).Name + "\"," + std::to_string(M[N].Config) + "]";
      F = false;
    }
  return S + "}";
}
} // namespace

int main(int argc, char **argv) {
  int Count = argc > 1 ? std::atoi(argv[1]) : 1000;
  for (int Seed = 1; Seed <= Count; ++Seed) {
    Generator Gen(Seed);
    BackendConfig BC = Gen.backend();
    Graph G = Gen.graph(BC);
    std::string S = "{\"seed\":" + std::to_string(Seed) + ",\"configs\":[";
    for (size_t I = 0; I < BC.Configs.size(); ++I)
      S += (I ? "," : "") + std::string("[") + pj(BC.Configs[I].Pattern) + "," +
           (BC.Configs[I].hasFuser() ? "1" : "0") + "]";
    S += "],\"nodes\":[";
    for (NodeId N = 0; N < G.size(); ++N) {
      const GraphNode &Nd = G.node(N);
      S += (N ? "," : "") + std::string("{\"name\":\"") + Nd.Name +
           "\",\"op\":\"" + std::string(nodeOpName(Nd.Op)) +
           "\",\"target\":\"" + Nd.Target + "\",\"args\":[";
      for (size_t I = 0; I < Nd.Args.size(); ++I)
        S += (I ? "," : "") + aj(Nd.Args[I]);
      S += "],\"kwargs\":{";
      for (size_t I = 0; I < Nd.Kwargs.size(); ++I)
        S += (I ? "," : "") + std::string("\"") + Nd.Kwargs[I].first +
             "\":" + aj(Nd.Kwargs[I].second);
      S += "}}";
    }
    S += "],\"quantize\":" +
         mj(G, NaiveMatcher(BC, MatchMode::Quantize).match(G));
    S += ",\"fuse\":" + mj(G, NaiveMatcher(BC, MatchMode::Fuse).match(G)) + "}";
    std::printf("%s\n", S.c_str());
  }
}
