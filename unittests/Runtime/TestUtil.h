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

inline PatternNode mod(std::string t, std::vector<PatternNode> c = {}) {
  return PatternNode::makeOp(OpRef::module(std::move(t)), std::move(c));
}
inline PatternNode fn(std::string t, std::vector<PatternNode> c = {}) {
  return PatternNode::makeOp(OpRef::function(std::move(t)), std::move(c));
}
inline PatternNode meth(std::string t, std::vector<PatternNode> c = {}) {
  return PatternNode::makeOp(OpRef::method(std::move(t)), std::move(c));
}
inline PatternNode any() { return PatternNode::makeWildcard(); }

/// A config with \p P and, if \p Fuser is non-empty, that fuser.
inline BackendPatternConfig cfg(PatternNode p, std::string fuser = "") {
  BackendPatternConfig c;
  c.pattern = std::move(p);
  c.fuserMethod = std::move(fuser);
  return c;
}

/// Builds graphs tersely; every add must succeed.
struct GraphBuilder {
  Graph g;
  NodeId add(std::string name, NodeOp op, std::string target,
             std::vector<Arg> args = {},
             std::vector<std::pair<std::string, Arg>> kwargs = {}) {
    GraphNode n;
    n.name = std::move(name);
    n.op = op;
    n.target = std::move(target);
    n.args = std::move(args);
    n.kwargs = std::move(kwargs);
    Expected<NodeId> id = g.addNode(std::move(n));
    EXPECT_TRUE(static_cast<bool>(id)) << id.message();
    return id ? *id : 0;
  }
  NodeId input(std::string name) {
    return add(name, NodeOp::Placeholder, name);
  }
  NodeId module(std::string name, std::string t, std::vector<Arg> args) {
    return add(std::move(name), NodeOp::CallModule, std::move(t),
               std::move(args));
  }
  NodeId function(std::string name, std::string t, std::vector<Arg> args) {
    return add(std::move(name), NodeOp::CallFunction, std::move(t),
               std::move(args));
  }
  NodeId method(std::string name, std::string t, std::vector<Arg> args) {
    return add(std::move(name), NodeOp::CallMethod, std::move(t),
               std::move(args));
  }
  NodeId output(std::vector<Arg> args) {
    return add("output", NodeOp::Output, "output", std::move(args));
  }
};

inline Arg ref(NodeId n) { return Arg::makeNode(n); }
inline Arg lit(int64_t v) { return Arg::makeLiteral(Literal::integer(v)); }
inline Arg list(std::vector<Arg> e) { return Arg::makeList(std::move(e)); }

/// The users of node \p n, in order.
inline std::vector<NodeId> usersOf(const Graph &g, NodeId n) {
  std::vector<NodeId> users;
  for (NodeId u : g.node(n).users())
    users.push_back(u);
  return users;
}

/// node name -> (anchor name, config index), matched nodes only.
using Described = std::map<std::string, std::pair<std::string, uint32_t>>;

inline Described describe(const Graph &g, const MatchMap &m) {
  Described d;
  for (NodeId n = 0; n < m.size(); ++n)
    if (m[n].matched())
      d[std::string(g.name(n))] = {std::string(g.name(m[n].anchor)),
                                   m[n].config};
  return d;
}

/// Runs the naive matcher and the table matcher, checks they agree, and
/// returns the (naive) result described by name.
inline Described matchBoth(const BackendConfig &bc, const Graph &g,
                           MatchMode mode) {
  MatchMap naive = NaiveMatcher(bc, mode).match(g);
  Expected<MatcherTable> t = MatcherTableBuilder(bc).build(mode);
  EXPECT_TRUE(static_cast<bool>(t)) << t.message();
  if (!t)
    return {};
  Expected<TableMatcher> tm = TableMatcher::create(t->view());
  EXPECT_TRUE(static_cast<bool>(tm)) << tm.message();
  if (!tm)
    return {};
  MatchMap table = tm->match(g);
  EXPECT_EQ(describe(g, naive), describe(g, table))
      << "table matcher disagrees with the naive matcher";
  return describe(g, naive);
}

} // namespace bpat::rt::test

#endif // BPAT_UNITTESTS_RUNTIME_TESTUTIL_H
