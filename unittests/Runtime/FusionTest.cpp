//===- FusionTest.cpp - Applying fuse-mode matches ------------------------===//
//
// Part of the bpat project: runtime unit tests. rt::fuseGraph on rt::Graph
// with module handles that are strings (a call_module node's target), the
// behaviour of PyTorch 1.13.1's fuse_fx: the fuser's arguments, the root
// node, extra inputs, node names, removed and redirected nodes, errors.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "bpat/Runtime/Fusion.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace bpat::rt;
using namespace bpat::rt::test;

namespace {

using Handle = std::string;
using Modules = NestedArgs<Handle>;

NestedArg<Handle> leaf(const char *s) { return NestedArg<Handle>::leaf(s); }
NestedArg<Handle> tup(std::vector<NestedArg<Handle>> e) {
  return NestedArg<Handle>::tuple(std::move(e));
}

/// A node's module as PyTorch's fuse handler passes it: the target.
Expected<Handle> targetOf(const Graph &g, NodeId n) {
  return Handle(g.node(n).target());
}

/// One line per node: "name = op target(args) {kwargs}" with node
/// arguments by name.
std::string render(const Graph &g) {
  std::string out;
  std::function<void(const Arg &)> arg = [&](const Arg &a) {
    if (a.k == Arg::Kind::Node) {
      out += g.name(a.node);
    } else if (a.k == Arg::Kind::List) {
      out += "[";
      for (size_t i = 0; i != a.elements.size(); ++i) {
        out += i ? ", " : "";
        if (a.form == Arg::ListForm::Dict)
          out += a.keys[i] + ": ";
        arg(a.elements[i]);
      }
      out += "]";
    } else if (a.lit.k == Literal::Kind::Int) {
      out += std::to_string(a.lit.intValue);
    } else {
      out += "lit";
    }
  };
  for (NodeId id = 0; id != g.size(); ++id) {
    GraphNode n = g.node(id).toGraphNode();
    out +=
        n.name + " = " + std::string(nodeOpName(n.op)) + " " + n.target + "(";
    for (size_t i = 0; i != n.args.size(); ++i) {
      out += i ? ", " : "";
      arg(n.args[i]);
    }
    out += ")";
    for (const auto &kv : n.kwargs) {
      out += " " + kv.first + "=";
      arg(kv.second);
    }
    out += "\n";
  }
  return out;
}

/// A backend, its fuse-mode matches on a graph, and callbacks that record
/// each fuser call.
struct Fixture {
  BackendConfig bc;
  BackendCallbacks<Handle> callbacks;
  std::vector<std::string> calls;

  /// Adds a config whose fuser records its call and returns \p result.
  uint32_t add(PatternNode p, Handle result) {
    uint32_t i = bc.setPatternConfig(cfg(std::move(p), "fuser"));
    callbacks.at(i).fuser =
        [this, result](bool isQat, const Modules &m) -> Expected<Handle> {
      calls.push_back(std::string(isQat ? "qat " : "") + renderArgs(m));
      return result;
    };
    return i;
  }
  static std::string renderArgs(const Modules &m) {
    std::string out;
    std::function<void(const NestedArg<Handle> &)> one =
        [&](const NestedArg<Handle> &a) {
          if (a.isLeaf()) {
            out += a.value();
            return;
          }
          out += "(";
          for (size_t i = 0; i != a.elements().size(); ++i) {
            out += i ? ", " : "";
            one(a.elements()[i]);
          }
          out += ")";
        };
    for (size_t i = 0; i != m.size(); ++i) {
      out += i ? ", " : "";
      one(m[i]);
    }
    return out;
  }
  Error fuse(Graph &g, FuseOptions options = {}) {
    MatchMap m = NaiveMatcher(bc, MatchMode::Fuse).match(g);
    return fuseGraph<Graph, Handle>(g, m, bc, callbacks, targetOf, options);
  }
};

/// x -> conv -> bn -> relu -> output
Graph convBnRelu() {
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId conv = b.module("conv", "Conv2d", {ref(x)});
  NodeId bn = b.module("bn", "BatchNorm2d", {ref(conv)});
  NodeId relu = b.module("relu", "ReLU", {ref(bn)});
  b.output({ref(relu)});
  return b.g;
}

TEST(Fusion, ChainBecomesOneNodeNamedAfterTheRoot) {
  Fixture f;
  f.add(mod("ReLU", {mod("BatchNorm2d", {mod("Conv2d")})}), "ConvReLU2d");
  Graph g = convBnRelu();
  Error e = f.fuse(g);
  ASSERT_FALSE(e) << e.message();
  // The default root is the conv (the last node, descending into the last
  // tuple); the fused node is a copy of it at the anchor's place, and the
  // output uses it.
  EXPECT_EQ(render(g), "x = placeholder x()\n"
                       "conv = call_module ConvReLU2d(x)\n"
                       "output = output output(conv)\n");
  EXPECT_EQ(f.calls, (std::vector<std::string>{"ReLU, (BatchNorm2d, Conv2d)"}));
  EXPECT_EQ(usersOf(g, 0), (std::vector<NodeId>{1}));
  EXPECT_EQ(usersOf(g, 1), (std::vector<NodeId>{2}));
}

TEST(Fusion, IsQatIsPassedToTheFuser) {
  Fixture f;
  f.add(mod("ReLU", {mod("BatchNorm2d", {mod("Conv2d")})}), "ConvBnReLU2d");
  Graph g = convBnRelu();
  FuseOptions qat;
  qat.isQat = true;
  ASSERT_FALSE(f.fuse(g, qat));
  EXPECT_EQ(f.calls,
            (std::vector<std::string>{"qat ReLU, (BatchNorm2d, Conv2d)"}));
}

TEST(Fusion, BareOpAndFusersCalledInGraphOrder) {
  // Two matches; the matcher finds the later one first, fuse_fx calls the
  // fusers in graph order of the anchors.
  Fixture f;
  f.add(mod("ReLU", {mod("Conv2d")}), "ConvReLU2d");
  f.add(mod("Linear"), "FusedLinear");
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId conv = b.module("conv", "Conv2d", {ref(x)});
  NodeId relu = b.module("relu", "ReLU", {ref(conv)});
  NodeId lin = b.module("lin", "Linear", {ref(relu)});
  b.output({ref(lin)});
  Graph g = b.g;
  ASSERT_FALSE(f.fuse(g));
  EXPECT_EQ(f.calls, (std::vector<std::string>{"ReLU, Conv2d", "Linear"}));
  EXPECT_EQ(render(g), "x = placeholder x()\n"
                       "conv = call_module ConvReLU2d(x)\n"
                       "lin = call_module FusedLinear(conv)\n"
                       "output = output output(lin)\n");
}

TEST(Fusion, RootAndExtraInputsFromGetters) {
  // relu(add(bn(conv(x)), y)): the getters pick the conv and the residual y,
  // as onednn's conv-add getters do. Wildcard-matched y is handed to the
  // fuser and the getters but stays in the graph.
  Fixture f;
  uint32_t c = f.add(
      mod("ReLU", {fn("add", {mod("BN", {mod("Conv")}), any()})}), "Fused");
  std::vector<std::string> seen;
  f.callbacks.at(c).rootNode =
      [&](const NestedArgs<NodeId> &m) -> Expected<NodeId> {
    // [relu, (add, (bn, conv), y)]
    EXPECT_EQ(m.size(), 2u);
    return m[1].elements()[1].elements()[1].value();
  };
  f.callbacks.at(c).extraInputs =
      [&](const NestedArgs<NodeId> &m) -> Expected<std::vector<NodeId>> {
    return std::vector<NodeId>{m[1].elements()[2].value()};
  };
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId y = b.input("y");
  NodeId conv = b.module("conv", "Conv", {ref(x)});
  NodeId bn = b.module("bn", "BN", {ref(conv)});
  NodeId add = b.function("add", "add", {ref(bn), ref(y)});
  NodeId relu = b.module("relu", "ReLU", {ref(add)});
  b.output({ref(relu), ref(y)});
  Graph g = b.g;
  Error e = f.fuse(g);
  ASSERT_FALSE(e) << e.message();
  EXPECT_EQ(f.calls, (std::vector<std::string>{"ReLU, (add, (BN, Conv), y)"}));
  EXPECT_EQ(render(g), "x = placeholder x()\n"
                       "y = placeholder y()\n"
                       "conv = call_module Fused(x, y)\n"
                       "output = output output(conv, y)\n");
}

TEST(Fusion, KwargsAndListsOfTheRootAreCopied) {
  Fixture f;
  f.add(mod("ReLU", {mod("Conv")}), "ConvReLU");
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId w = b.input("w");
  NodeId conv = b.add("conv", NodeOp::CallModule, "Conv",
                      {ref(x), list({ref(w), lit(2)})}, {{"k", ref(w)}});
  NodeId relu = b.module("relu", "ReLU", {ref(conv)});
  b.output({ref(relu)});
  Graph g = b.g;
  ASSERT_FALSE(f.fuse(g));
  EXPECT_EQ(render(g), "x = placeholder x()\n"
                       "w = placeholder w()\n"
                       "conv = call_module ConvReLU(x, [w, 2]) k=w\n"
                       "output = output output(conv)\n");
}

TEST(Fusion, FusedNodeTakesANewNameWhenTheRootsIsTaken) {
  // Pattern (add, ReLU, _): the default root is the wildcard-matched conv,
  // which is not removed, so FX names the fused copy of it conv_1.
  Fixture f;
  f.add(fn("add", {mod("ReLU"), any()}), "Fused");
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId conv = b.module("conv", "Conv", {ref(x)});
  NodeId relu = b.module("relu", "ReLU", {ref(x)});
  NodeId add = b.function("add", "add", {ref(relu), ref(conv)});
  b.output({ref(add)});
  Graph g = b.g;
  Error e = f.fuse(g);
  ASSERT_FALSE(e) << e.message();
  EXPECT_EQ(f.calls, (std::vector<std::string>{"add, ReLU, Conv"}));
  EXPECT_EQ(render(g), "x = placeholder x()\n"
                       "conv = call_module Conv(x)\n"
                       "conv_1 = call_module Fused(x)\n"
                       "output = output output(conv_1)\n");
}

TEST(Fusion, NodeMatchedTwiceIsInThePatternOnce) {
  // add(conv, conv) matches (add, Conv, Conv): PyTorch appends the conv at
  // its first position only, the second finds it already in the match map.
  Fixture f;
  f.add(fn("add", {mod("Conv"), mod("Conv")}), "Fused");
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId conv = b.module("conv", "Conv", {ref(x)});
  NodeId add = b.function("add", "add", {ref(conv), ref(conv)});
  b.output({ref(add)});
  Graph g = b.g;
  MatchMap m = NaiveMatcher(f.bc, MatchMode::Fuse).match(g);
  // PyTorch appends the conv once: the second visit finds it in the map.
  Expected<NestedArgs<NodeId>> p = matchedNodePattern(g, m, f.bc, add);
  ASSERT_TRUE(static_cast<bool>(p)) << p.message();
  EXPECT_EQ(*p, (NestedArgs<NodeId>{NestedArg<NodeId>::leaf(add),
                                    NestedArg<NodeId>::leaf(conv)}));
  ASSERT_FALSE(f.fuse(g));
  EXPECT_EQ(f.calls, (std::vector<std::string>{"add, Conv"}));
}

TEST(Fusion, FunctionalLeavesGoThroughModuleOf) {
  // The matched F.relu is handed to moduleOf like any node (PyTorch makes a
  // ReLU module for it).
  Fixture f;
  f.add(fn("relu", {mod("Conv")}), "ConvReLU");
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId conv = b.module("conv", "Conv", {ref(x)});
  NodeId relu = b.function("relu", "relu", {ref(conv)});
  b.output({ref(relu)});
  Graph g = b.g;
  MatchMap m = NaiveMatcher(f.bc, MatchMode::Fuse).match(g);
  ModuleOf<Graph, Handle> moduleOf = [](const Graph &g,
                                        NodeId n) -> Expected<Handle> {
    if (g.op(n) == NodeOp::CallFunction && g.node(n).target() == "relu")
      return Handle("ReLU-module");
    return Handle(g.node(n).target());
  };
  ASSERT_FALSE(fuseGraph(g, m, f.bc, f.callbacks, moduleOf));
  EXPECT_EQ(f.calls, (std::vector<std::string>{"ReLU-module, Conv"}));
}

/// Runs a fusion expected to fail and checks the graph did not change.
void expectFailure(Fixture &f, Graph &g, const std::string &messagePart) {
  std::string before = render(g);
  Error e = f.fuse(g);
  ASSERT_TRUE(static_cast<bool>(e)) << "fusion did not fail";
  EXPECT_NE(e.message().find(messagePart), std::string::npos) << e.message();
  EXPECT_EQ(render(g), before);
}

TEST(Fusion, FailingFuserLeavesTheGraphUnchanged) {
  Fixture f;
  f.add(mod("ReLU", {mod("Conv")}), "ConvReLU");
  uint32_t bad = f.add(mod("Linear"), "");
  f.callbacks.at(bad).fuser = [](bool, const Modules &) -> Expected<Handle> {
    return Error::failure("no such module");
  };
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId conv = b.module("conv", "Conv", {ref(x)});
  NodeId relu = b.module("relu", "ReLU", {ref(conv)});
  NodeId lin = b.module("lin", "Linear", {ref(relu)});
  b.output({ref(lin)});
  Graph g = b.g;
  // The fusion at 'relu' was done before the one at 'lin' failed.
  expectFailure(f, g,
                "fusing the match at 'lin' (Linear): the fuser failed: "
                "no such module");
  EXPECT_EQ(f.calls, (std::vector<std::string>{"ReLU, Conv"}));
}

TEST(Fusion, GetterOutsideTheMatchIsAnError) {
  Fixture f;
  uint32_t c = f.add(mod("ReLU", {mod("Conv")}), "ConvReLU");
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId conv = b.module("conv", "Conv", {ref(x)});
  NodeId relu = b.module("relu", "ReLU", {ref(conv)});
  b.output({ref(relu)});
  Graph g = b.g;
  f.callbacks.at(c).rootNode = [&](const NestedArgs<NodeId> &) {
    return Expected<NodeId>(x);
  };
  expectFailure(f, g,
                "the root node getter returned node 'x', which is not "
                "in the match");
  f.callbacks.at(c).rootNode = nullptr;
  f.callbacks.at(c).extraInputs = [&](const NestedArgs<NodeId> &) {
    return Expected<std::vector<NodeId>>(std::vector<NodeId>{x});
  };
  expectFailure(f, g,
                "the extra inputs getter returned node 'x', which is "
                "not in the match");
  EXPECT_TRUE(f.calls.empty());
}

TEST(Fusion, RootThatIsNotAModuleCallIsAnError) {
  // (add, ReLU, _) over add(relu(x), x): the default root is placeholder x;
  // PyTorch's fuse handler asserts a call_module root.
  Fixture f;
  f.add(fn("add", {mod("ReLU"), any()}), "Fused");
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId relu = b.module("relu", "ReLU", {ref(x)});
  NodeId add = b.function("add", "add", {ref(relu), ref(x)});
  b.output({ref(add)});
  Graph g = b.g;
  expectFailure(f, g, "the root node 'x' is not a call_module node");
}

TEST(Fusion, RootUsingARemovedNodeIsAnError) {
  // Root getter returns the anchor relu, whose input bn fusion removes: in
  // PyTorch the copy of the root fails to load 'bn'.
  Fixture f;
  uint32_t c = f.add(mod("ReLU", {mod("BatchNorm2d", {mod("Conv2d")})}), "F");
  f.callbacks.at(c).rootNode = [](const NestedArgs<NodeId> &m) {
    return Expected<NodeId>(m[0].value());
  };
  Graph g = convBnRelu();
  expectFailure(f, g, "node 'relu' uses node 'bn', which fusion removed");
}

TEST(Fusion, MissingFuserAndBadMatchMapAreErrors) {
  Fixture f;
  f.add(mod("ReLU", {mod("Conv2d")}), "ConvReLU2d");
  f.callbacks.configs.clear();
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId conv = b.module("conv", "Conv2d", {ref(x)});
  NodeId relu = b.module("relu", "ReLU", {ref(conv)});
  b.output({ref(relu)});
  Graph g = b.g;
  expectFailure(f, g, "no fuser is registered for config 0");

  MatchMap shortMap(2);
  Error e = fuseGraph<Graph, Handle>(g, shortMap, f.bc, f.callbacks, targetOf);
  ASSERT_TRUE(static_cast<bool>(e));
  EXPECT_EQ(e.message(), "the match map has 2 entries for a graph of 4 nodes");
}

TEST(Fusion, NoMatchesCopiesTheGraph) {
  Fixture f;
  Graph g = convBnRelu();
  std::string before = render(g);
  ASSERT_FALSE(f.fuse(g));
  EXPECT_EQ(render(g), before);
}

TEST(Fusion, DefaultRootNode) {
  using N = NestedArg<NodeId>;
  EXPECT_EQ(*defaultRootNode({N::leaf(4)}), 4u);
  EXPECT_EQ(*defaultRootNode({N::leaf(4), N::tuple({N::leaf(3), N::leaf(1)})}),
            1u);
  EXPECT_EQ(*defaultRootNode({N::leaf(4), N::leaf(2)}), 2u);
  EXPECT_FALSE(static_cast<bool>(defaultRootNode({N::leaf(4), N::tuple({})})));
}

TEST(Fusion, NodeNamesAsFXMakesThem) {
  NodeNamer namer;
  EXPECT_EQ(namer.create("conv"), "conv");
  EXPECT_EQ(namer.create("conv"), "conv_1");
  EXPECT_EQ(namer.create("conv"), "conv_2");
  EXPECT_EQ(namer.create("relu_01"), "relu_1");
  EXPECT_EQ(namer.create("relu_1"), "relu_2");
  EXPECT_EQ(namer.create("layer1.0.conv"), "layer1_0_conv");
  EXPECT_EQ(namer.create("a..b"), "a_b");
  EXPECT_EQ(namer.create("1x"), "_1x");
  EXPECT_EQ(namer.create("input"), "input_1"); // a Python builtin
  EXPECT_EQ(namer.create("input_1"), "input_2");
  EXPECT_EQ(namer.create("for"), "for_1"); // a keyword
}

} // namespace
