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

/// An argument as text: every kind, form, key and literal spelling.
std::string render(const Arg &a) {
  if (a.k == Arg::Kind::Node)
    return "%" + std::to_string(a.node);
  if (a.k == Arg::Kind::Literal) {
    const Literal &l = a.lit;
    switch (l.k) {
    case Literal::Kind::None:
      return "None";
    case Literal::Kind::Bool:
      return l.boolValue ? "True" : "False";
    case Literal::Kind::Int:
      return std::to_string(l.intValue);
    case Literal::Kind::Float:
      return "float(" + std::to_string(l.floatValue) + "," + l.str + ")";
    case Literal::Kind::String:
      return "'" + l.str + "'";
    case Literal::Kind::Repr:
      return "repr(" + l.str + ")";
    }
  }
  std::string out = a.form == Arg::ListForm::Dict    ? "dict["
                    : a.form == Arg::ListForm::Slice ? "slice["
                                                     : "[";
  for (size_t i = 0; i != a.elements.size(); ++i) {
    out += i ? ", " : "";
    if (a.form == Arg::ListForm::Dict)
      out += a.keys[i] + ": ";
    out += render(a.elements[i]);
  }
  return out + "]";
}

std::string render(const GraphNode &n) {
  std::string out =
      n.name + " = " + std::string(nodeOpName(n.op)) + " " + n.target + "(";
  for (const Arg &a : n.args)
    out += render(a) + "; ";
  for (const auto &kv : n.kwargs)
    out += kv.first + "=" + render(kv.second) + "; ";
  return out + ")";
}

Literal floatSpelled(double v, std::string spelling) {
  Literal l = Literal::floating(v);
  l.str = std::move(spelling);
  return l;
}

/// A node with every argument form (x and y are nodes 0 and 1).
GraphNode everyForm() {
  GraphNode n;
  n.name = "f";
  n.op = NodeOp::CallFunction;
  n.target = "torch.f";
  n.args = {ref(0),
            lit(-7),
            Arg::makeLiteral(floatSpelled(0.5, "5e-1")),
            Arg::makeLiteral(Literal::string("mean")),
            Arg::makeLiteral(Literal::repr("torch.float32")),
            Arg::makeLiteral(Literal::none()),
            Arg::makeLiteral(Literal::boolean(true)),
            list({ref(1), list({ref(0), lit(3)}), list({})}),
            Arg::makeDict({"b", "a"}, {ref(1), lit(2)}),
            Arg::makeSlice({Arg::makeLiteral(Literal::none()), lit(3),
                            Arg::makeLiteral(Literal::none())}),
            ref(1)};
  n.kwargs = {{"dim", list({lit(1), ref(0)})},
              {"inplace", Arg::makeLiteral(Literal::boolean(false))}};
  return n;
}

TEST(Graph, ViewsGiveBackEveryArgumentForm) {
  GraphBuilder b;
  b.input("x");
  b.input("y");
  GraphNode in = everyForm();
  ASSERT_TRUE(static_cast<bool>(b.g.addNode(in)));
  NodeView n = b.g.node(2);
  EXPECT_EQ(n.name(), "f");
  EXPECT_EQ(n.op(), NodeOp::CallFunction);
  EXPECT_EQ(n.target(), "torch.f");
  EXPECT_EQ(render(n.toGraphNode()), render(in));

  NodeView::Args args = n.args();
  ASSERT_EQ(args.size(), 11u);
  EXPECT_TRUE(args[0].isNode());
  EXPECT_EQ(args[0].node(), 0u);
  EXPECT_EQ(args[1].literalKind(), Literal::Kind::Int);
  EXPECT_EQ(args[1].intValue(), -7);
  EXPECT_EQ(args[2].literalKind(), Literal::Kind::Float);
  EXPECT_EQ(args[2].floatValue(), 0.5);
  EXPECT_EQ(args[2].text(), "5e-1");
  EXPECT_EQ(args[3].text(), "mean");
  EXPECT_EQ(args[4].literalKind(), Literal::Kind::Repr);
  EXPECT_EQ(args[5].literalKind(), Literal::Kind::None);
  EXPECT_TRUE(args[6].boolValue());
  ArgView nested = args[7];
  EXPECT_EQ(nested.kind(), Arg::Kind::List);
  ASSERT_EQ(nested.elements().size(), 3u);
  EXPECT_EQ(nested.elements()[1].elements()[1].intValue(), 3);
  EXPECT_TRUE(nested.elements()[2].elements().empty());
  ArgView dict = args[8];
  EXPECT_EQ(dict.form(), Arg::ListForm::Dict);
  EXPECT_EQ(dict.key(0), "b");
  EXPECT_EQ(dict.key(1), "a");
  EXPECT_EQ(dict.elements()[1].intValue(), 2);
  EXPECT_EQ(args[9].form(), Arg::ListForm::Slice);
  EXPECT_EQ(args[10].node(), 1u);
  ASSERT_EQ(n.kwargs().size(), 2u);
  EXPECT_EQ(n.kwargs()[0].first, "dim");
  EXPECT_EQ(n.kwargs()[0].second.elements()[1].node(), 0u);
  EXPECT_EQ(n.kwargs()[1].first, "inplace");
  EXPECT_FALSE(n.kwargs()[1].second.boolValue());

  // The matcher's view: args 0 and 10 are nodes, the rest are not.
  EXPECT_EQ(GraphTraits<Graph>::numArgs(b.g, 2), 11u);
  EXPECT_EQ(GraphTraits<Graph>::arg(b.g, 2, 10).node, 1u);
  EXPECT_FALSE(GraphTraits<Graph>::arg(b.g, 2, 7).isNode());
  std::vector<NodeId> inputs;
  n.forEachInput([&](NodeId i) { inputs.push_back(i); });
  EXPECT_EQ(inputs, (std::vector<NodeId>{0, 1, 0, 1, 1, 0}));
  EXPECT_EQ(usersOf(b.g, 0), (std::vector<NodeId>{2}));
  EXPECT_EQ(usersOf(b.g, 1), (std::vector<NodeId>{2}));
}

/// \p a as a FlatArg, its elements appended to \p elements.
FlatArg flatten(const Arg &a, std::vector<FlatArg> &elements) {
  FlatArg f;
  if (a.k == Arg::Kind::Node) {
    f.k = FlatArg::Kind::Node;
    f.node = a.node;
    return f;
  }
  if (a.k == Arg::Kind::List) {
    std::vector<FlatArg> values;
    for (size_t i = 0; i != a.elements.size(); ++i) {
      values.push_back(flatten(a.elements[i], elements));
      if (a.form == Arg::ListForm::Dict)
        values.back().key = a.keys[i];
    }
    f.k = a.form == Arg::ListForm::Dict    ? FlatArg::Kind::Dict
          : a.form == Arg::ListForm::Slice ? FlatArg::Kind::Slice
                                           : FlatArg::Kind::List;
    f.begin = static_cast<uint32_t>(elements.size());
    f.count = static_cast<uint32_t>(values.size());
    elements.insert(elements.end(), values.begin(), values.end());
    return f;
  }
  const Literal &l = a.lit;
  f.k = l.k == Literal::Kind::None     ? FlatArg::Kind::None
        : l.k == Literal::Kind::Bool   ? FlatArg::Kind::Bool
        : l.k == Literal::Kind::Int    ? FlatArg::Kind::Int
        : l.k == Literal::Kind::Float  ? FlatArg::Kind::Float
        : l.k == Literal::Kind::String ? FlatArg::Kind::String
                                       : FlatArg::Kind::Repr;
  f.boolValue = l.boolValue;
  f.intValue = l.intValue;
  f.floatValue = l.floatValue;
  f.str = l.str;
  return f;
}

TEST(Graph, NodeInputAddsWhatGraphNodeAdds) {
  GraphBuilder a, b;
  for (GraphBuilder *gb : {&a, &b}) {
    gb->input("x");
    gb->input("y");
  }
  GraphNode in = everyForm();
  ASSERT_TRUE(static_cast<bool>(a.g.addNode(in)));
  std::vector<FlatArg> args, kwargs, elements;
  for (const Arg &x : in.args)
    args.push_back(flatten(x, elements));
  for (const auto &kv : in.kwargs) {
    kwargs.push_back(flatten(kv.second, elements));
    kwargs.back().key = kv.first;
  }
  NodeInput n;
  n.name = in.name;
  n.op = in.op;
  n.target = in.target;
  n.args = args.data();
  n.numArgs = args.size();
  n.kwargs = kwargs.data();
  n.numKwargs = kwargs.size();
  n.elements = elements.data();
  Expected<NodeId> id = b.g.addNode(n);
  ASSERT_TRUE(static_cast<bool>(id)) << id.message();
  EXPECT_EQ(render(b.g.node(*id).toGraphNode()), render(in));
  EXPECT_EQ(a.g.positionalArgs(), b.g.positionalArgs());
  EXPECT_EQ(a.g.argBegin(), b.g.argBegin());
  EXPECT_EQ(a.g.userCounts(), b.g.userCounts());
  // The same checks: a taken name, a reference forward.
  EXPECT_FALSE(static_cast<bool>(b.g.addNode(n)));
  n.name = "g";
  args[0].node = 3;
  Expected<NodeId> forward = b.g.addNode(n);
  ASSERT_FALSE(static_cast<bool>(forward));
  EXPECT_NE(forward.message().find("not defined before"), std::string::npos);
  EXPECT_EQ(b.g.size(), 3u);
}

TEST(Graph, ManyUsersInGraphOrderAndCopiesAreIndependent) {
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId y = b.input("y");
  std::vector<NodeId> usersOfX, usersOfY;
  for (int i = 0; i != 40; ++i) {
    std::vector<Arg> args = {ref(i % 3 ? x : y)};
    if (i % 5 == 0)
      args.push_back(list({ref(x), ref(y), ref(x)}));
    NodeId n = b.function("n" + std::to_string(i), i % 2 ? "add" : "mul",
                          std::move(args));
    if (i % 3 || i % 5 == 0)
      usersOfX.push_back(n);
    if (i % 3 == 0 || i % 5 == 0)
      usersOfY.push_back(n);
  }
  EXPECT_EQ(usersOf(b.g, x), usersOfX);
  EXPECT_EQ(usersOf(b.g, y), usersOfY);
  EXPECT_EQ(b.g.userCounts()[x], usersOfX.size());
  // Targets are numbered once each: x, y, mul, add.
  EXPECT_EQ(b.g.numTargets(), 4u);
  EXPECT_EQ(b.g.targetId(3), b.g.targetId(5));
  EXPECT_EQ(b.g.targetName(b.g.targetId(3)), "add");

  Graph copy = b.g;
  GraphNode last;
  last.name = "last";
  last.target = "cat";
  last.args = {ref(x)};
  ASSERT_TRUE(static_cast<bool>(copy.addNode(last)));
  EXPECT_EQ(usersOf(copy, x).back(), copy.size() - 1);
  EXPECT_EQ(usersOf(b.g, x), usersOfX);
  EXPECT_EQ(copy.find("last"), std::optional<NodeId>(copy.size() - 1));
  EXPECT_EQ(b.g.find("last"), std::nullopt);
  for (NodeId n = 0; n != b.g.size(); ++n)
    EXPECT_EQ(copy.find(b.g.name(n)), std::optional<NodeId>(n));
  copy.shrinkToFit();
  EXPECT_EQ(copy.node(copy.size() - 1).name(), "last");
  EXPECT_GT(copy.capacityBytes(), 0u);
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
