//===- TestUtil.h - Helpers for the runtime unit tests ----------*- C++ -*-===//
//
// Part of the bpat project: runtime unit tests.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_UNITTESTS_RUNTIME_TESTUTIL_H
#define BPAT_UNITTESTS_RUNTIME_TESTUTIL_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/MatcherTableBuilder.h"
#include "bpat/Runtime/NaiveMatcher.h"
#include "bpat/Runtime/TableMatcher.h"

#include "gtest/gtest.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bpat::rt::test {

inline PatternNode mod(std::string T, std::vector<PatternNode> C = {}) {
  return PatternNode::op(OpRef::module(std::move(T)), std::move(C));
}
inline PatternNode fn(std::string T, std::vector<PatternNode> C = {}) {
  return PatternNode::op(OpRef::function(std::move(T)), std::move(C));
}
inline PatternNode meth(std::string T, std::vector<PatternNode> C = {}) {
  return PatternNode::op(OpRef::method(std::move(T)), std::move(C));
}
inline PatternNode any() { return PatternNode::wildcard(); }

/// A config with \p P and, if \p Fuser is non-empty, that fuser.
inline BackendPatternConfig cfg(PatternNode P, std::string Fuser = "") {
  BackendPatternConfig C;
  C.Pattern = std::move(P);
  C.FuserMethod = std::move(Fuser);
  return C;
}

/// Builds graphs tersely; every add must succeed.
struct GraphBuilder {
  Graph G;
  NodeId add(std::string Name, NodeOp Op, std::string Target,
             std::vector<Arg> Args = {},
             std::vector<std::pair<std::string, Arg>> Kwargs = {}) {
    GraphNode N;
    N.Name = std::move(Name);
    N.Op = Op;
    N.Target = std::move(Target);
    N.Args = std::move(Args);
    N.Kwargs = std::move(Kwargs);
    Expected<NodeId> Id = G.addNode(std::move(N));
    EXPECT_TRUE(static_cast<bool>(Id)) << Id.message();
    return Id ? *Id : 0;
  }
  NodeId input(std::string Name) {
    return add(Name, NodeOp::Placeholder, Name);
  }
  NodeId module(std::string Name, std::string T, std::vector<Arg> Args) {
    return add(std::move(Name), NodeOp::CallModule, std::move(T),
               std::move(Args));
  }
  NodeId function(std::string Name, std::string T, std::vector<Arg> Args) {
    return add(std::move(Name), NodeOp::CallFunction, std::move(T),
               std::move(Args));
  }
  NodeId method(std::string Name, std::string T, std::vector<Arg> Args) {
    return add(std::move(Name), NodeOp::CallMethod, std::move(T),
               std::move(Args));
  }
  NodeId output(std::vector<Arg> Args) {
    return add("output", NodeOp::Output, "output", std::move(Args));
  }
};

inline Arg ref(NodeId N) { return Arg::node(N); }
inline Arg lit(int64_t V) { return Arg::literal(Literal::integer(V)); }
inline Arg list(std::vector<Arg> E) { return Arg::list(std::move(E)); }

/// node name -> (anchor name, config index), matched nodes only.
using Described = std::map<std::string, std::pair<std::string, uint32_t>>;

inline Described describe(const Graph &G, const MatchMap &M) {
  Described D;
  for (NodeId N = 0; N < M.size(); ++N)
    if (M[N].matched())
      D[G.node(N).Name] = {G.node(M[N].Anchor).Name, M[N].Config};
  return D;
}

/// Runs the naive matcher and the table matcher, checks they agree, and
/// returns the (naive) result described by name.
inline Described matchBoth(const BackendConfig &BC, const Graph &G,
                           MatchMode Mode) {
  MatchMap Naive = NaiveMatcher(BC, Mode).match(G);
  Expected<MatcherTable> T = MatcherTableBuilder(BC).build(Mode);
  EXPECT_TRUE(static_cast<bool>(T)) << T.message();
  if (!T)
    return {};
  Expected<TableMatcher> TM = TableMatcher::create(T->view());
  EXPECT_TRUE(static_cast<bool>(TM)) << TM.message();
  if (!TM)
    return {};
  MatchMap Table = TM->match(G);
  EXPECT_EQ(describe(G, Naive), describe(G, Table))
      << "table matcher disagrees with the naive matcher";
  return describe(G, Naive);
}

} // namespace bpat::rt::test

#endif // BPAT_UNITTESTS_RUNTIME_TESTUTIL_H
