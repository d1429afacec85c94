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

inline const char *const targets[] = {"a", "b", "c", "d"};

class Generator {
public:
  explicit Generator(uint32_t seed) : rng(seed) {}

  bool chance(double p) {
    return std::uniform_real_distribution<>(0, 1)(rng) < p;
  }
  size_t pick(size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
  }

  OpRef randomOp() {
    return OpRef{static_cast<OpKind>(pick(3)), targets[pick(4)]};
  }

  PatternNode pattern(unsigned depth, bool root) {
    PatternNode p;
    if (chance(root ? 0.02 : 0.15))
      p = PatternNode::makeWildcard();
    else
      p = PatternNode::makeOp(randomOp());
    // Wildcards rarely get children (legal in PyTorch, and odd).
    bool mayHaveKids = !p.isWildcard || chance(0.1);
    if (depth < 4 && mayHaveKids && !chance(root ? 0.3 : 0.5)) {
      size_t n = 1 + pick(chance(0.6) ? 1 : 3);
      for (size_t i = 0; i != n; ++i)
        p.children.push_back(pattern(depth + 1, false));
    }
    return p;
  }

  /// Variants of earlier patterns make shared prefixes and duplicates.
  PatternNode mutate(PatternNode p) {
    if (!p.children.empty() && chance(0.5)) {
      size_t i = pick(p.children.size());
      p.children[i] = chance(0.5) ? pattern(2, false) : mutate(p.children[i]);
    } else if (!p.isWildcard && chance(0.5)) {
      p.op = randomOp();
    } else if (chance(0.3)) {
      p.children.push_back(pattern(3, false));
    }
    return p;
  }

  BackendConfig backend() {
    BackendConfig bc;
    size_t n = 1 + pick(14);
    for (size_t i = 0; i != n; ++i) {
      PatternNode p;
      if (i && chance(0.35))
        p = mutate(bc.configs[pick(bc.configs.size())].pattern);
      else if (i && chance(0.08))
        p = bc.configs[pick(bc.configs.size())].pattern; // duplicate
      else
        p = pattern(1, true);
      BackendPatternConfig c = cfg(std::move(p), chance(0.6) ? "f" : "");
      if (chance(0.5))
        bc.setPatternConfig(std::move(c)); // override semantics
      else
        bc.configs.push_back(std::move(c)); // raw duplicates allowed
    }
    return bc;
  }

  Arg randomArg(size_t numNodes, unsigned depth = 0) {
    double r = std::uniform_real_distribution<>(0, 1)(rng);
    if (numNodes && r < 0.65) {
      // Prefer recent nodes, so chains form.
      size_t back =
          pick(std::min<size_t>(numNodes, chance(0.7) ? 3 : numNodes));
      return Arg::makeNode(static_cast<NodeId>(numNodes - 1 - back));
    }
    if (r < 0.85 || depth > 1)
      return Arg::makeLiteral(Literal::integer(static_cast<int64_t>(pick(3))));
    std::vector<Arg> e;
    for (size_t i = 0, n = pick(3); i != n; ++i)
      e.push_back(randomArg(numNodes, depth + 1));
    return Arg::makeList(std::move(e));
  }

  NodeOp opFor(OpKind k) { return nodeOpForOpKind(k); }

  NodeId addNode(Graph &g, NodeOp op, std::string target,
                 std::vector<Arg> args) {
    GraphNode n;
    n.name = "n" + std::to_string(g.size());
    n.op = op;
    n.target = std::move(target);
    n.args = std::move(args);
    if (chance(0.1) && g.size())
      n.kwargs.emplace_back("k", randomArg(g.size()));
    Expected<NodeId> id = g.addNode(std::move(n));
    EXPECT_TRUE(static_cast<bool>(id));
    return *id;
  }

  void randomNode(Graph &g) {
    size_t r = pick(10);
    if (r == 0) {
      addNode(g, chance(0.5) ? NodeOp::Placeholder : NodeOp::GetAttr,
              targets[pick(4)], {});
      return;
    }
    NodeOp op = opFor(static_cast<OpKind>(pick(3)));
    std::string target = chance(0.1) ? "zz" : targets[pick(4)];
    std::vector<Arg> args;
    for (size_t i = 0, n = pick(4); i != n; ++i)
      args.push_back(randomArg(g.size()));
    addNode(g, op, std::move(target), std::move(args));
  }

  /// Adds nodes that match \p P (mostly), returning the arg for its root.
  Arg plant(Graph &g, const PatternNode &p) {
    if (p.isWildcard || chance(0.05))
      return randomArg(g.size());
    std::vector<Arg> args;
    if (p.children.empty()) {
      for (size_t i = 0, n = pick(3); i != n; ++i)
        args.push_back(randomArg(g.size()));
    } else {
      for (const PatternNode &c : p.children)
        args.push_back(plant(g, c));
      if (chance(0.05))
        args.push_back(randomArg(g.size())); // wrong arity
    }
    return Arg::makeNode(
        addNode(g, opFor(p.op.kind), p.op.target, std::move(args)));
  }

  Graph graph(const BackendConfig &bc) {
    Graph g;
    for (size_t i = 0, n = 1 + pick(3); i != n; ++i)
      addNode(g, NodeOp::Placeholder, "x", {});
    size_t steps = 5 + pick(30);
    for (size_t i = 0; i != steps; ++i) {
      if (!bc.configs.empty() && chance(0.3))
        plant(g, bc.configs[pick(bc.configs.size())].pattern);
      else
        randomNode(g);
    }
    std::vector<Arg> outs;
    for (size_t i = 0, n = 1 + pick(3); i != n; ++i)
      outs.push_back(randomArg(g.size()));
    addNode(g, NodeOp::Output, "output", {Arg::makeList(std::move(outs))});
    return g;
  }

private:
  std::mt19937 rng;
};

} // namespace bpat::rt::test

#endif // BPAT_UNITTESTS_RUNTIME_RANDOMCASE_H
