//===- GraphTest.cpp - The concrete graph and the traits adapter ----------===//
//
// Part of the bpat project: runtime unit tests.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "bpat/Runtime/MatchMap.h"

using namespace bpat::rt;
using namespace bpat::rt::test;

namespace {

TEST(Graph, UsersAreDistinctAndCountKwargsAndLists) {
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId A = B.function("a", "add", {ref(X), ref(X)});
  NodeId C = B.function("cat", "cat", {list({ref(A), list({ref(X)})})});
  B.add("k", NodeOp::CallFunction, "f", {}, {{"t", ref(C)}});
  EXPECT_EQ(B.G.node(X).Users, (std::vector<NodeId>{A, C}));
  EXPECT_EQ(B.G.node(A).Users, (std::vector<NodeId>{C}));
  EXPECT_EQ(GraphTraits<Graph>::numUsers(B.G, C), 1u);
  EXPECT_FALSE(GraphTraits<Graph>::arg(B.G, C, 0).isNode());
  std::vector<NodeId> Nested;
  GraphTraits<Graph>::forEachNodeInArg(B.G, C, 0,
                                       [&](NodeId N) { Nested.push_back(N); });
  EXPECT_EQ(Nested, (std::vector<NodeId>{A, X}));
  EXPECT_EQ(B.G.find("cat"), std::optional<NodeId>(C));
  EXPECT_EQ(B.G.find("nope"), std::nullopt);
}

TEST(Graph, AddNodeReportsErrors) {
  Graph G;
  GraphNode N;
  EXPECT_FALSE(static_cast<bool>(G.addNode(N))); // no name
  N.Name = "a";
  N.Args = {Arg::node(0)}; // refers to itself
  Expected<NodeId> E = G.addNode(N);
  ASSERT_FALSE(static_cast<bool>(E));
  EXPECT_NE(E.message().find("not defined before"), std::string::npos);
  N.Args.clear();
  EXPECT_TRUE(static_cast<bool>(G.addNode(N)));
  EXPECT_FALSE(static_cast<bool>(G.addNode(N))); // duplicate name
}

TEST(Graph, NodeOpNames) {
  for (NodeOp Op : {NodeOp::Placeholder, NodeOp::GetAttr, NodeOp::CallFunction,
                    NodeOp::CallMethod, NodeOp::CallModule, NodeOp::Output})
    EXPECT_EQ(parseNodeOp(nodeOpName(Op)), Op);
  EXPECT_EQ(parseNodeOp("call"), std::nullopt);
}

TEST(Graph, MatchMapJson) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(mod("nn.ReLU", {meth("add", {any(), any()})})));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId A = B.method("add", "add", {ref(X), lit(1)});
  NodeId R = B.module("relu", "nn.ReLU", {ref(A)});
  B.output({ref(R)});
  MatchMap M = NaiveMatcher(BC, MatchMode::Quantize).match(B.G);
  EXPECT_EQ(matchMapToJson(B.G, BC, M),
            "{\"add\": [\"relu\", \"(nn.ReLU, ('add', MatchAllNode, "
            "MatchAllNode))\"],\n"
            " \"relu\": [\"relu\", \"(nn.ReLU, ('add', MatchAllNode, "
            "MatchAllNode))\"],\n"
            " \"x\": [\"relu\", \"(nn.ReLU, ('add', MatchAllNode, "
            "MatchAllNode))\"]}\n");
}

/// A backend's own graph type: a struct of arrays, adapted by traits.
struct TinyGraph {
  std::vector<NodeOp> Ops;
  std::vector<std::string> Targets;
  std::vector<std::vector<int>> Args; // -1 = a literal
  std::vector<size_t> Users;
};

} // namespace

namespace bpat::rt {
template <> struct GraphTraits<TinyGraph> {
  static size_t numNodes(const TinyGraph &G) { return G.Ops.size(); }
  static NodeOp op(const TinyGraph &G, NodeId N) { return G.Ops[N]; }
  static std::string_view target(const TinyGraph &G, NodeId N) {
    return G.Targets[N];
  }
  static size_t numArgs(const TinyGraph &G, NodeId N) {
    return G.Args[N].size();
  }
  static ArgRef arg(const TinyGraph &G, NodeId N, size_t I) {
    int A = G.Args[N][I];
    return A < 0 ? ArgRef::nonNode() : ArgRef::node(static_cast<NodeId>(A));
  }
  static size_t numUsers(const TinyGraph &G, NodeId N) { return G.Users[N]; }
  template <typename Fn>
  static void forEachNodeInArg(const TinyGraph &, NodeId, size_t, Fn &&) {}
};
} // namespace bpat::rt

namespace {

TEST(Graph, MatchersRunOnAnyGraphThroughTraits) {
  TinyGraph G;
  G.Ops = {NodeOp::Placeholder, NodeOp::CallModule, NodeOp::CallModule,
           NodeOp::CallFunction, NodeOp::Output};
  G.Targets = {"x", "conv", "bn", "relu", "output"};
  G.Args = {{}, {0}, {1}, {2, -1}, {3}};
  G.Users = {1, 1, 1, 1, 0};
  BackendConfig BC;
  BC.setPatternConfig(cfg(fn("relu", {mod("bn", {mod("conv")}), any()})));
  MatchMap Naive = NaiveMatcher(BC, MatchMode::Quantize).match(G);
  Expected<MatcherTable> T = MatcherTableBuilder(BC).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(T));
  Expected<TableMatcher> TM = TableMatcher::create(T->view());
  ASSERT_TRUE(static_cast<bool>(TM));
  MatchMap Table = TM->match(G);
  EXPECT_EQ(Naive, Table);
  MatchMap Expect(5);
  for (NodeId N : {1u, 2u, 3u})
    Expect[N] = MatchEntry{3, 0};
  EXPECT_EQ(Naive, Expect);
}

} // namespace
