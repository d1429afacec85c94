//===- ExplainReport.cpp - Why patterns matched a node or not -------------===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/ExplainReport.h"

#include "bpat/Runtime/Pattern.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace bpat;
using namespace bpat::graphio;

namespace {

/// A qualified name's last component ("torch.nn.modules.conv.Conv2d" ->
/// "Conv2d").
std::string lastComponent(std::string_view qualified) {
  size_t dot = qualified.rfind('.');
  return std::string(dot == std::string_view::npos ? qualified
                                                   : qualified.substr(dot + 1));
}

/// An op of a pattern as the model's terms say it.
std::string describeOp(const rt::OpRef &op) {
  switch (op.kind) {
  case rt::OpKind::Module:
    return lastComponent(op.target);
  case rt::OpKind::Method:
    return "." + op.target + "()";
  default:
    return op.target;
  }
}

/// What a node is: "BatchNorm2d", "operator.add", ".relu()", "an input".
std::string describeWhat(rt::NodeView n) {
  std::string target(n.target());
  switch (n.op()) {
  case rt::NodeOp::CallModule:
    return lastComponent(target);
  case rt::NodeOp::CallMethod:
    return "." + target + "()";
  case rt::NodeOp::CallFunction:
    return target;
  case rt::NodeOp::Placeholder:
    return "an input";
  case rt::NodeOp::GetAttr:
    return "an attribute";
  case rt::NodeOp::Output:
    return "the output";
  }
  return target;
}

std::string describeNode(const rt::Graph &g, rt::NodeId n) {
  return std::string(g.name(n)) + " (" + describeWhat(g.node(n)) + ")";
}

std::string plural(size_t n, const char *one, const char *many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// "the match of (P) rooted at R (file:line:col)".
std::string describeEntry(const rt::Graph &g, const rt::BackendConfig &bc,
                          rt::MatchEntry e) {
  return "the match of " + rt::renderPattern(bc.configs[e.config].pattern) +
         " rooted at " + std::string(g.name(e.anchor)) + " (" +
         configLocation(bc, e.config) + ")";
}

const char *mismatchKindName(rt::MismatchKind k) {
  switch (k) {
  case rt::MismatchKind::NotANode:
    return "not-a-node";
  case rt::MismatchKind::TooManyUsers:
    return "users";
  case rt::MismatchKind::WrongOp:
    return "op";
  case rt::MismatchKind::ArgCount:
    return "argument-count";
  }
  return "?";
}

const char *modeName(rt::MatchMode mode) {
  return mode == rt::MatchMode::Fuse ? "fuse" : "quantize";
}

/// Why the winner won: the rule of PyTorch's sorted_patterns_dict.
std::string whyItWon(const rt::BackendConfig &bc, const rt::NodeExplanation &e,
                     size_t winnerIndex) {
  const rt::PatternNode &p = bc.configs[e.attempts[winnerIndex].config].pattern;
  std::string shape =
      p.isTuple() ? "a tuple of " + plural(rt::leafCount(p), "leaf", "leaves")
                  : std::string("a bare op");
  size_t before = 0;
  for (size_t i = 0; i != winnerIndex; ++i)
    before += e.attempts[i].tried;
  std::string out = "matched: the first pattern to match here in PyTorch's "
                    "order (" +
                    shape +
                    "; tuples are tried longest first, bare ops last, equal "
                    "ones in registration order)";
  size_t failedBefore = before + e.otherRootOps;
  if (before)
    out += "; the " + plural(before, "pattern", "patterns") +
           " with this root op tried before it failed";
  else if (failedBefore == 0)
    out += "; it was the first pattern tried";
  return out;
}

} // namespace

std::string graphio::configLocation(const rt::BackendConfig &backend,
                                    uint32_t config) {
  if (config >= backend.configs.size())
    return "?";
  const rt::BackendPatternConfig &c = backend.configs[config];
  if (!c.sourceLocation.empty())
    return c.sourceLocation;
  return c.provenance.empty() ? "?" : c.provenance;
}

std::string graphio::describeMismatch(const rt::Graph &g, rt::NodeId root,
                                      const rt::Mismatch &m) {
  std::string wants =
      m.pattern->isWildcard ? "anything" : describeOp(m.pattern->op);
  if (m.atRoot) {
    rt::NodeView n = g.node(root);
    std::string name(n.name());
    switch (m.kind) {
    case rt::MismatchKind::ArgCount:
      return name + " has " +
             plural(n.args().size(), "positional argument",
                    "positional arguments") +
             ", the pattern's " + wants + " has " +
             std::to_string(m.pattern->children.size());
    case rt::MismatchKind::WrongOp:
      return name + " is " + describeWhat(n) + ", the pattern's root is " +
             wants;
    default:
      return name + ": " + mismatchKindName(m.kind);
    }
  }
  std::string where = "argument " + std::to_string(m.argIndex) + " of " +
                      std::string(g.name(m.parent));
  if (m.parentPattern && !m.parentPattern->isWildcard)
    where += " (the pattern's " + describeOp(m.parentPattern->op) + ")";
  switch (m.kind) {
  case rt::MismatchKind::NotANode: {
    rt::ArgView a = g.node(m.parent).args()[m.argIndex];
    return where + " is " +
           (a.kind() == rt::Arg::Kind::List ? "a list" : "a literal") +
           ", not a node; the pattern wants " + wants + " here";
  }
  case rt::MismatchKind::TooManyUsers: {
    size_t users = g.userCounts()[m.value.node];
    return where + " is " + describeNode(g, m.value.node) + ", which has " +
           plural(users, "user", "users") +
           "; an inner node of a match must have one";
  }
  case rt::MismatchKind::WrongOp:
    return where + " is " + describeNode(g, m.value.node) +
           ", the pattern wants " + wants + " here";
  case rt::MismatchKind::ArgCount:
    return where + " is " + describeNode(g, m.value.node) + ", which has " +
           plural(g.node(m.value.node).args().size(), "positional argument",
                  "positional arguments") +
           "; the pattern's " + wants + " has " +
           std::to_string(m.pattern->children.size());
  }
  return where;
}

std::string graphio::explainText(const rt::Graph &g,
                                 const rt::BackendConfig &bc,
                                 rt::MatchMode mode,
                                 const std::vector<rt::NodeExplanation> &all) {
  std::string out;
  for (const rt::NodeExplanation &e : all) {
    rt::NodeView n = g.node(e.node);
    if (!out.empty())
      out += "\n";
    out += std::string(n.name()) + ": " + std::string(rt::nodeOpName(n.op())) +
           " " + std::string(n.target()) + ", " +
           plural(n.users().size(), "user", "users") + "\n";
    rt::MatchEntry verdict = e.verdict();
    out += "  in the " + std::string(modeName(mode)) + " match map: ";
    out += verdict.matched() ? "part of " + describeEntry(g, bc, verdict)
                             : std::string("not matched");
    out += "\n";
    if (e.takenBy.matched())
      out += "  already taken by " +
             (e.takenBy == verdict ? std::string("that match")
                                   : describeEntry(g, bc, e.takenBy)) +
             " when the matcher reached it; PyTorch tries no pattern at a "
             "node already in the match map\n";
    for (size_t i = 0; i + 1 < e.records.size(); ++i)
      out += "  first recorded by " + describeEntry(g, bc, e.records[i]) +
             ", then overwritten\n";
    if (e.attempts.empty()) {
      out += "  no pattern's root op can match it (" +
             plural(e.otherRootOps, "pattern has", "patterns have") +
             " another root op)\n";
      continue;
    }
    out += "  patterns whose root op can match it, in the order PyTorch "
           "tries them";
    if (e.otherRootOps)
      out += " (" + plural(e.otherRootOps, "other pattern", "other patterns") +
             " with another root op not listed)";
    out += ":\n";
    for (size_t i = 0; i != e.attempts.size(); ++i) {
      const rt::PatternAttempt &a = e.attempts[i];
      const char *status = !a.tried    ? "not tried"
                           : a.matched ? "MATCHED"
                                       : "failed";
      out += "  " + std::to_string(i + 1) + ". " + status + ": " +
             rt::renderPattern(bc.configs[a.config].pattern) + "\n";
      std::string why;
      if (a.tried && a.matched)
        why = whyItWon(bc, e, i);
      else if (a.tried)
        why = describeMismatch(g, e.node, *a.reason);
      else if (e.takenBy.matched())
        why = std::string("not tried, the node was already taken; it ") +
              (a.matched ? "would have matched"
                         : "would have failed: " +
                               describeMismatch(g, e.node, *a.reason));
      else
        why = std::string("not tried, PyTorch stops at the first match; it ") +
              (a.matched ? "would have matched too"
                         : "would have failed: " +
                               describeMismatch(g, e.node, *a.reason));
      out += "       " + configLocation(bc, a.config) + ": " + why + "\n";
    }
  }
  return out;
}

std::string graphio::explainJSON(const rt::Graph &g,
                                 const rt::BackendConfig &bc,
                                 rt::MatchMode mode,
                                 const std::vector<rt::NodeExplanation> &all) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream j(os, 1);
  auto entry = [&](llvm::StringRef key, rt::MatchEntry e) {
    if (!e.matched()) {
      j.attribute(key, nullptr);
      return;
    }
    j.attributeObject(key, [&] {
      j.attribute("anchor", std::string(g.name(e.anchor)));
      j.attribute("pattern", rt::renderPattern(bc.configs[e.config].pattern));
      j.attribute("source", configLocation(bc, e.config));
    });
  };
  j.object([&] {
    j.attribute("mode", modeName(mode));
    j.attributeArray("nodes", [&] {
      for (const rt::NodeExplanation &e : all) {
        rt::NodeView n = g.node(e.node);
        j.object([&] {
          j.attribute("node", std::string(n.name()));
          j.attribute("op", std::string(rt::nodeOpName(n.op())));
          j.attribute("target", std::string(n.target()));
          j.attribute("users", static_cast<int64_t>(n.users().size()));
          entry("entry", e.verdict());
          entry("taken_by", e.takenBy);
          j.attributeArray("recorded_by", [&] {
            for (const rt::MatchEntry &r : e.records)
              j.value(std::string(g.name(r.anchor)));
          });
          j.attribute("other_root_ops", static_cast<int64_t>(e.otherRootOps));
          j.attributeArray("patterns", [&] {
            for (size_t i = 0; i != e.attempts.size(); ++i) {
              const rt::PatternAttempt &a = e.attempts[i];
              j.object([&] {
                j.attribute("pattern",
                            rt::renderPattern(bc.configs[a.config].pattern));
                j.attribute("source", configLocation(bc, a.config));
                j.attribute("tried", a.tried);
                j.attribute("matched", a.matched);
                if (a.reason) {
                  j.attribute("reason", mismatchKindName(a.reason->kind));
                  j.attribute("why", describeMismatch(g, e.node, *a.reason));
                } else {
                  j.attribute("reason", nullptr);
                  j.attribute("why", a.tried ? whyItWon(bc, e, i) : "");
                }
              });
            }
          });
        });
      }
    });
  });
  os << "\n";
  return os.str();
}
