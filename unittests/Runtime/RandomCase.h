//===- RandomCase.h - Random pattern sets and graphs ------------*- C++ -*-===//
//
// Part of the bpat project: runtime unit tests.
//
// The generator behind the differential test and the PyTorch cross-check:
// random pattern sets (chains, trees, wildcards, duplicates, ops of all three
// kinds sharing target text) and random graphs (multi-user nodes, literal
// args, nested lists, kwargs), with pattern instances planted in the graph.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_UNITTESTS_RUNTIME_RANDOMCASE_H
#define BPAT_UNITTESTS_RUNTIME_RANDOMCASE_H

#include "TestUtil.h"

#include <algorithm>
#include <random>

namespace bpat::rt::test {

inline const char *const Targets[] = {"a", "b", "c", "d"};

class Generator {
public:
  explicit Generator(uint32_t Seed) : Rng(Seed) {}

  bool chance(double P) {
    return std::uniform_real_distribution<>(0, 1)(Rng) < P;
  }
  size_t pick(size_t N) {
    return std::uniform_int_distribution<size_t>(0, N - 1)(Rng);
  }

  OpRef randomOp() {
    return OpRef{static_cast<OpKind>(pick(3)), Targets[pick(4)]};
  }

  PatternNode pattern(unsigned Depth, bool Root) {
    PatternNode P;
    if (chance(Root ? 0.02 : 0.15))
      P = PatternNode::wildcard();
    else
      P = PatternNode::op(randomOp());
    // Wildcards rarely get children (legal in PyTorch, and odd).
    bool MayHaveKids = !P.IsWildcard || chance(0.1);
    if (Depth < 4 && MayHaveKids && !chance(Root ? 0.3 : 0.5)) {
      size_t N = 1 + pick(chance(0.6) ? 1 : 3);
      for (size_t I = 0; I != N; ++I)
        P.Children.push_back(pattern(Depth + 1, false));
    }
    return P;
  }

  /// Variants of earlier patterns make shared prefixes and duplicates.
  PatternNode mutate(PatternNode P) {
    if (!P.Children.empty() && chance(0.5)) {
      size_t I = pick(P.Children.size());
      P.Children[I] = chance(0.5) ? pattern(2, false) : mutate(P.Children[I]);
    } else if (!P.IsWildcard && chance(0.5)) {
      P.Op = randomOp();
    } else if (chance(0.3)) {
      P.Children.push_back(pattern(3, false));
    }
    return P;
  }

  BackendConfig backend() {
    BackendConfig BC;
    size_t N = 1 + pick(14);
    for (size_t I = 0; I != N; ++I) {
      PatternNode P;
      if (I && chance(0.35))
        P = mutate(BC.Configs[pick(BC.Configs.size())].Pattern);
      else if (I && chance(0.08))
        P = BC.Configs[pick(BC.Configs.size())].Pattern; // duplicate
      else
        P = pattern(1, true);
      BackendPatternConfig C = cfg(std::move(P), chance(0.6) ? "f" : "");
      if (chance(0.5))
        BC.setPatternConfig(std::move(C)); // override semantics
      else
        BC.Configs.push_back(std::move(C)); // raw duplicates allowed
    }
    return BC;
  }

  Arg randomArg(size_t NumNodes, unsigned Depth = 0) {
    double R = std::uniform_real_distribution<>(0, 1)(Rng);
    if (NumNodes && R < 0.65) {
      // Prefer recent nodes, so chains form.
      size_t Back =
          pick(std::min<size_t>(NumNodes, chance(0.7) ? 3 : NumNodes));
      return Arg::node(static_cast<NodeId>(NumNodes - 1 - Back));
    }
    if (R < 0.85 || Depth > 1)
      return Arg::literal(Literal::integer(static_cast<int64_t>(pick(3))));
    std::vector<Arg> E;
    for (size_t I = 0, N = pick(3); I != N; ++I)
      E.push_back(randomArg(NumNodes, Depth + 1));
    return Arg::list(std::move(E));
  }

  NodeOp opFor(OpKind K) { return nodeOpForOpKind(K); }

  NodeId addNode(Graph &G, NodeOp Op, std::string Target,
                 std::vector<Arg> Args) {
    GraphNode N;
    N.Name = "n" + std::to_string(G.size());
    N.Op = Op;
    N.Target = std::move(Target);
    N.Args = std::move(Args);
    if (chance(0.1) && G.size())
      N.Kwargs.emplace_back("k", randomArg(G.size()));
    Expected<NodeId> Id = G.addNode(std::move(N));
    EXPECT_TRUE(static_cast<bool>(Id));
    return *Id;
  }

  void randomNode(Graph &G) {
    size_t R = pick(10);
    if (R == 0) {
      addNode(G, chance(0.5) ? NodeOp::Placeholder : NodeOp::GetAttr,
              Targets[pick(4)], {});
      return;
    }
    NodeOp Op = opFor(static_cast<OpKind>(pick(3)));
    std::string Target = chance(0.1) ? "zz" : Targets[pick(4)];
    std::vector<Arg> Args;
    for (size_t I = 0, N = pick(4); I != N; ++I)
      Args.push_back(randomArg(G.size()));
    addNode(G, Op, std::move(Target), std::move(Args));
  }

  /// Adds nodes that match \p P (mostly), returning the arg for its root.
  Arg plant(Graph &G, const PatternNode &P) {
    if (P.IsWildcard || chance(0.05))
      return randomArg(G.size());
    std::vector<Arg> Args;
    if (P.Children.empty()) {
      for (size_t I = 0, N = pick(3); I != N; ++I)
        Args.push_back(randomArg(G.size()));
    } else {
      for (const PatternNode &C : P.Children)
        Args.push_back(plant(G, C));
      if (chance(0.05))
        Args.push_back(randomArg(G.size())); // wrong arity
    }
    return Arg::node(
        addNode(G, opFor(P.Op.Kind), P.Op.Target, std::move(Args)));
  }

  Graph graph(const BackendConfig &BC) {
    Graph G;
    for (size_t I = 0, N = 1 + pick(3); I != N; ++I)
      addNode(G, NodeOp::Placeholder, "x", {});
    size_t Steps = 5 + pick(30);
    for (size_t I = 0; I != Steps; ++I) {
      if (!BC.Configs.empty() && chance(0.3))
        plant(G, BC.Configs[pick(BC.Configs.size())].Pattern);
      else
        randomNode(G);
    }
    std::vector<Arg> Outs;
    for (size_t I = 0, N = 1 + pick(3); I != N; ++I)
      Outs.push_back(randomArg(G.size()));
    addNode(G, NodeOp::Output, "output", {Arg::list(std::move(Outs))});
    return G;
  }

private:
  std::mt19937 Rng;
};

} // namespace bpat::rt::test

#endif // BPAT_UNITTESTS_RUNTIME_RANDOMCASE_H
