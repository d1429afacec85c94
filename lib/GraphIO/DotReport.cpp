//===- DotReport.cpp - A match map as a Graphviz graph --------------------===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/DotReport.h"

#include "bpat/GraphIO/ExplainReport.h"
#include "bpat/Runtime/Pattern.h"

#include <map>
#include <vector>

using namespace bpat;
using namespace bpat::graphio;

/// \p s as a DOT double-quoted string.
static std::string dotQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

/// A light fill colour per config, from a fixed palette.
static const char *fillColour(uint32_t config) {
  static const char *const palette[] = {
      "#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99",
      "#8dd3c7", "#bebada", "#80b1d3", "#fdb462", "#b3de69", "#fccde5"};
  return palette[config % (sizeof(palette) / sizeof(palette[0]))];
}

std::string graphio::matchMapDot(const rt::Graph &g,
                                 const rt::BackendConfig &bc,
                                 const rt::MatchMap &map) {
  std::map<std::pair<rt::NodeId, uint32_t>, std::vector<rt::NodeId>> matches;
  for (rt::NodeId n = 0; n < g.size() && n < map.size(); ++n)
    if (map[n].matched() && map[n].config < bc.configs.size())
      matches[{map[n].anchor, map[n].config}].push_back(n);

  std::string out = "digraph " + dotQuote(bc.name) + " {\n";
  out += "  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", "
         "fillcolor=white, fontname=Helvetica];\n";
  auto nodeLine = [&](rt::NodeId n, const std::string &indent) {
    rt::NodeView node = g.node(n);
    std::string attrs = "label=" + dotQuote(std::string(node.name()) + "\n" +
                                            shortTarget(node));
    bool call = node.op() == rt::NodeOp::CallModule ||
                node.op() == rt::NodeOp::CallFunction ||
                node.op() == rt::NodeOp::CallMethod;
    if (map[n].matched())
      attrs += ", fillcolor=" + dotQuote(fillColour(map[n].config));
    else if (call)
      attrs += ", style=\"rounded,dashed\", color=red, fontcolor=red, "
               "tooltip=\"not matched\"";
    else
      attrs += ", shape=ellipse, style=solid";
    out += indent + dotQuote(node.name()) + " [" + attrs + "];\n";
  };
  size_t index = 0;
  for (const auto &[key, nodes] : matches) {
    out +=
        "  subgraph " + dotQuote("cluster_" + std::to_string(index++)) + " {\n";
    out += "    label=" +
           dotQuote(rt::renderPattern(bc.configs[key.second].pattern) + "\n" +
                    configLocation(bc, key.second)) +
           ";\n    style=rounded; color=gray40; fontsize=10;\n";
    for (rt::NodeId n : nodes)
      nodeLine(n, "    ");
    out += "  }\n";
  }
  for (rt::NodeId n = 0; n < g.size(); ++n)
    if (!map[n].matched())
      nodeLine(n, "  ");
  // One edge per distinct user, as FX counts users.
  for (rt::NodeId n = 0; n < g.size(); ++n)
    for (rt::NodeId user : g.node(n).users())
      out +=
          "  " + dotQuote(g.name(n)) + " -> " + dotQuote(g.name(user)) + ";\n";
  out += "}\n";
  return out;
}

std::string graphio::shortTarget(rt::NodeView n) {
  std::string target(n.target());
  if (n.op() == rt::NodeOp::CallMethod)
    return "." + target + "()";
  if (n.op() != rt::NodeOp::CallModule)
    return target;
  size_t dot = target.rfind('.');
  return dot == std::string::npos ? target : target.substr(dot + 1);
}
