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
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId a = b.function("a", "add", {ref(x), ref(x)});
  NodeId c = b.function("cat", "cat", {list({ref(a), list({ref(x)})})});
  b.add("k", NodeOp::CallFunction, "f", {}, {{"t", ref(c)}});
  EXPECT_EQ(usersOf(b.g, x), (std::vector<NodeId>{a, c}));
  EXPECT_EQ(usersOf(b.g, a), (std::vector<NodeId>{c}));
  EXPECT_EQ(GraphTraits<Graph>::numUsers(b.g, c), 1u);
  EXPECT_FALSE(GraphTraits<Graph>::arg(b.g, c, 0).isNode());
  std::vector<NodeId> nested;
  GraphTraits<Graph>::forEachNodeInArg(b.g, c, 0,
                                       [&](NodeId n) { nested.push_back(n); });
  EXPECT_EQ(nested, (std::vector<NodeId>{a, x}));
  EXPECT_EQ(b.g.find("cat"), std::optional<NodeId>(c));
  EXPECT_EQ(b.g.find("nope"), std::nullopt);
}

TEST(Graph, AddNodeReportsErrors) {
  Graph g;
  GraphNode n;
  EXPECT_FALSE(static_cast<bool>(g.addNode(n))); // no name
  n.name = "a";
  n.args = {Arg::makeNode(0)}; // refers to itself
  Expected<NodeId> e = g.addNode(n);
  ASSERT_FALSE(static_cast<bool>(e));
  EXPECT_NE(e.message().find("not defined before"), std::string::npos);
  n.args.clear();
  EXPECT_TRUE(static_cast<bool>(g.addNode(n)));
  EXPECT_FALSE(static_cast<bool>(g.addNode(n))); // duplicate name
}

TEST(Graph, NodeOpNames) {
  for (NodeOp op : {NodeOp::Placeholder, NodeOp::GetAttr, NodeOp::CallFunction,
                    NodeOp::CallMethod, NodeOp::CallModule, NodeOp::Output})
    EXPECT_EQ(parseNodeOp(nodeOpName(op)), op);
  EXPECT_EQ(parseNodeOp("call"), std::nullopt);
}

TEST(Graph, MatchMapJson) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod("nn.ReLU", {meth("add", {any(), any()})})));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId a = b.method("add", "add", {ref(x), lit(1)});
  NodeId r = b.module("relu", "nn.ReLU", {ref(a)});
  b.output({ref(r)});
  MatchMap m = NaiveMatcher(bc, MatchMode::Quantize).match(b.g);
  EXPECT_EQ(matchMapToJson(b.g, bc, m),
            "{\"add\": [\"relu\", \"(nn.ReLU, ('add', MatchAllNode, "
            "MatchAllNode))\"],\n"
            " \"relu\": [\"relu\", \"(nn.ReLU, ('add', MatchAllNode, "
            "MatchAllNode))\"],\n"
            " \"x\": [\"relu\", \"(nn.ReLU, ('add', MatchAllNode, "
            "MatchAllNode))\"]}\n");
}

/// A backend's own graph type: a struct of arrays, adapted by traits.
struct TinyGraph {
  std::vector<NodeOp> ops;
  std::vector<std::string> targets;
  std::vector<std::vector<int>> args; // -1 = a literal
  std::vector<size_t> users;
};

} // namespace

namespace bpat::rt {
template <> struct GraphTraits<TinyGraph> {
  static size_t numNodes(const TinyGraph &g) { return g.ops.size(); }
  static NodeOp op(const TinyGraph &g, NodeId n) { return g.ops[n]; }
  static std::string_view target(const TinyGraph &g, NodeId n) {
    return g.targets[n];
  }
  static size_t numArgs(const TinyGraph &g, NodeId n) {
    return g.args[n].size();
  }
  static ArgRef arg(const TinyGraph &g, NodeId n, size_t i) {
    int a = g.args[n][i];
    return a < 0 ? ArgRef::makeNonNode()
                 : ArgRef::makeNode(static_cast<NodeId>(a));
  }
  static size_t numUsers(const TinyGraph &g, NodeId n) { return g.users[n]; }
  template <typename Fn>
  static void forEachNodeInArg(const TinyGraph &, NodeId, size_t, Fn &&) {}
};
} // namespace bpat::rt

namespace {

TEST(Graph, MatchersRunOnAnyGraphThroughTraits) {
  TinyGraph g;
  g.ops = {NodeOp::Placeholder, NodeOp::CallModule, NodeOp::CallModule,
           NodeOp::CallFunction, NodeOp::Output};
  g.targets = {"x", "conv", "bn", "relu", "output"};
  g.args = {{}, {0}, {1}, {2, -1}, {3}};
  g.users = {1, 1, 1, 1, 0};
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("relu", {mod("bn", {mod("conv")}), any()})));
  MatchMap naive = NaiveMatcher(bc, MatchMode::Quantize).match(g);
  Expected<MatcherTable> t = MatcherTableBuilder(bc).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(t));
  Expected<TableMatcher> tm = TableMatcher::create(t->view());
  ASSERT_TRUE(static_cast<bool>(tm));
  MatchMap table = tm->match(g);
  EXPECT_EQ(naive, table);
  MatchMap expect(5);
  for (NodeId n : {1u, 2u, 3u})
    expect[n] = MatchEntry{3, 0};
  EXPECT_EQ(naive, expect);
}

} // namespace
