//===- HtmlReport.cpp - A self-contained HTML report of a match -----------===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/HtmlReport.h"
#include "bpat/GraphIO/DotReport.h"

#include "bpat/GraphIO/Coverage.h"
#include "bpat/GraphIO/ExplainReport.h"
#include "bpat/Runtime/Explain.h"
#include "bpat/Runtime/Pattern.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <vector>

using namespace bpat;
using namespace bpat::graphio;

namespace {

std::string htmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

/// The same palette as --format dot.
const char *fillColour(uint32_t config) {
  static const char *const palette[] = {
      "#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99",
      "#8dd3c7", "#bebada", "#80b1d3", "#fdb462", "#b3de69", "#fccde5"};
  return palette[config % (sizeof(palette) / sizeof(palette[0]))];
}

bool isCall(rt::NodeOp op) {
  return op == rt::NodeOp::CallModule || op == rt::NodeOp::CallFunction ||
         op == rt::NodeOp::CallMethod;
}

/// \p s cut to fit a node's box: its last characters after an ellipsis.
std::string fitLabel(std::string_view s) {
  const size_t most = 26;
  if (s.size() <= most)
    return std::string(s);
  return "\u2026" + std::string(s.substr(s.size() - (most - 1)));
}

/// Where each node is drawn: layer by layer (a node's layer is one more than
/// its deepest input's), in graph order within a layer.
struct Layout {
  static constexpr int nodeWidth = 170, nodeHeight = 34, gapX = 30, gapY = 36,
                       margin = 20;
  std::vector<int> x, y;
  int width = 0, height = 0;

  explicit Layout(const rt::Graph &g) : x(g.size()), y(g.size()) {
    std::vector<int> layer(g.size(), 0), column(g.size());
    std::vector<int> layerSize;
    for (rt::NodeId n = 0; n < g.size(); ++n) {
      int deepest = -1;
      auto input = [&](rt::NodeId in) {
        deepest = std::max(deepest, layer[in]);
      };
      g.node(n).forEachInput(input);
      layer[n] = deepest + 1;
      if (layerSize.size() <= size_t(layer[n]))
        layerSize.resize(layer[n] + 1, 0);
      column[n] = layerSize[layer[n]]++;
    }
    int widest = 0;
    for (int s : layerSize)
      widest = std::max(widest, s);
    width = 2 * margin + widest * (nodeWidth + gapX);
    height = 2 * margin + int(layerSize.size()) * (nodeHeight + gapY);
    for (rt::NodeId n = 0; n < g.size(); ++n) {
      // Centre each layer.
      int offset = (widest - layerSize[layer[n]]) * (nodeWidth + gapX) / 2;
      x[n] = margin + offset + column[n] * (nodeWidth + gapX);
      y[n] = margin + layer[n] * (nodeHeight + gapY);
    }
  }
};

/// The page's script: a click on a node shows its explanation; a fragment
/// `#explain=NODE` clicks NODE when the page loads.
const char *const script = R"JS(
(function () {
  var explain = JSON.parse(document.getElementById('explanations').textContent);
  var panel = document.getElementById('explain-panel');
  var title = document.getElementById('explain-title');
  var selected = null;
  function show(node) {
    var name = node.getAttribute('data-node');
    if (selected) selected.classList.remove('selected');
    selected = node;
    node.classList.add('selected');
    title.textContent = name;
    panel.textContent = explain[name] || '(no explanation)';
  }
  var nodes = document.querySelectorAll('g.node');
  for (var i = 0; i < nodes.length; i++)
    nodes[i].addEventListener('click', function (e) { show(e.currentTarget); });
  var m = /^#explain=(.*)$/.exec(window.location.hash);
  if (m) {
    var target = document.querySelector('g.node[data-node="' +
                                        decodeURIComponent(m[1]) + '"]');
    if (target) {
      target.dispatchEvent(new MouseEvent('click', {bubbles: true}));
      target.scrollIntoView();
    }
  }
})();
)JS";

const char *const style = R"CSS(
body { font-family: sans-serif; margin: 0; display: flex; height: 100vh; }
#graph { flex: 3; overflow: auto; border-right: 1px solid #ccc; }
#side { flex: 2; overflow: auto; padding: 0 12px; }
pre { font-size: 12px; white-space: pre-wrap; }
g.node { cursor: pointer; }
g.node rect { stroke: #555; stroke-width: 1; }
g.node.unmatched rect { stroke: #d00; stroke-width: 2; stroke-dasharray: 5 3; fill: #fff; }
g.node.other rect { fill: #eee; stroke: #aaa; }
g.node.selected rect { stroke: #000; stroke-width: 3; }
g.node text { font-size: 11px; pointer-events: none; }
line.edge { stroke: #999; stroke-width: 1; }
)CSS";

} // namespace

std::string graphio::matchReportHtml(const rt::Graph &g,
                                     const rt::BackendConfig &bc,
                                     rt::MatchMode mode,
                                     const rt::MatchMap &map,
                                     const std::string &title) {
  Layout layout(g);
  std::vector<rt::NodeId> all(g.size());
  for (rt::NodeId n = 0; n < g.size(); ++n)
    all[n] = n;
  std::vector<rt::NodeExplanation> explained =
      rt::explainMatches(g, bc, mode, all);
  CoverageReport coverage(bc, mode);
  coverage.addModel(title, g, map);

  std::map<std::pair<rt::NodeId, uint32_t>, std::vector<rt::NodeId>> matches;
  size_t unmatchedCalls = 0;
  for (rt::NodeId n = 0; n < g.size() && n < map.size(); ++n) {
    if (map[n].matched() && map[n].config < bc.configs.size())
      matches[{map[n].anchor, map[n].config}].push_back(n);
    else
      unmatchedCalls += isCall(g.op(n));
  }

  std::string out;
  llvm::raw_string_ostream os(out);
  os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n"
     << "<title>" << htmlEscape(title) << " - bpat-match</title>\n<style>"
     << style << "</style>\n</head>\n<body>\n<div id=\"graph\">\n";
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << layout.width
     << "\" height=\"" << layout.height << "\">\n<g class=\"edges\">\n";
  auto centreX = [&](rt::NodeId n) {
    return layout.x[n] + Layout::nodeWidth / 2;
  };
  for (rt::NodeId n = 0; n < g.size(); ++n)
    for (rt::NodeId user : g.node(n).users())
      os << "<line class=\"edge\" x1=\"" << centreX(n) << "\" y1=\""
         << layout.y[n] + Layout::nodeHeight << "\" x2=\"" << centreX(user)
         << "\" y2=\"" << layout.y[user] << "\"/>\n";
  os << "</g>\n";
  auto drawNode = [&](rt::NodeId n, const char *cls, const char *fill) {
    rt::NodeView node = g.node(n);
    os << "<g class=\"node " << cls << "\" data-node=\""
       << htmlEscape(node.name()) << "\"><title>" << htmlEscape(node.name())
       << ": " << htmlEscape(node.target()) << "</title><rect x=\""
       << layout.x[n] << "\" y=\"" << layout.y[n] << "\" width=\""
       << Layout::nodeWidth << "\" height=\"" << Layout::nodeHeight
       << "\" rx=\"6\"" << (fill ? std::string(" fill=\"") + fill + "\"" : "")
       << "/><text x=\"" << layout.x[n] + 6 << "\" y=\"" << layout.y[n] + 14
       << "\">" << htmlEscape(fitLabel(node.name())) << "</text><text x=\""
       << layout.x[n] + 6 << "\" y=\"" << layout.y[n] + 28 << "\">"
       << htmlEscape(fitLabel(shortTarget(node))) << "</text></g>\n";
  };
  for (const auto &m : matches) {
    uint32_t config = m.first.second;
    os << "<g class=\"match\" data-anchor=\""
       << htmlEscape(g.name(m.first.first)) << "\" data-pattern=\""
       << htmlEscape(rt::renderPattern(bc.configs[config].pattern))
       << "\" data-source=\"" << htmlEscape(configLocation(bc, config))
       << "\">\n";
    for (rt::NodeId n : m.second)
      drawNode(n, "matched", fillColour(config));
    os << "</g>\n";
  }
  for (rt::NodeId n = 0; n < g.size(); ++n)
    if (!map[n].matched())
      drawNode(n, isCall(g.op(n)) ? "unmatched" : "other", nullptr);
  os << "</svg>\n</div>\n<div id=\"side\">\n<h1>" << htmlEscape(title)
     << "</h1>\n<p>Backend <b>" << htmlEscape(bc.name) << "</b>, "
     << (mode == rt::MatchMode::Fuse ? "fuse" : "quantize")
     << " mode: " << matches.size() << " matches, " << unmatchedCalls
     << " call nodes outside every match (outlined in red). Click a node "
        "for its explanation.</p>\n";
  os << "<h2 id=\"explain-title\">(no node selected)</h2>\n"
     << "<pre id=\"explain-panel\"></pre>\n<h2>Coverage</h2>\n<pre>"
     << htmlEscape(coverage.text()) << "</pre>\n";

  // The explanations, by node name; "</" cannot end the script early.
  std::string json;
  llvm::raw_string_ostream js(json);
  llvm::json::OStream j(js);
  j.object([&] {
    for (const rt::NodeExplanation &e : explained)
      j.attribute(g.name(e.node), explainText(g, bc, mode, {e}));
  });
  js.flush();
  std::string safe;
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/') {
      safe += "<\\/";
      ++i;
      continue;
    }
    safe += json[i];
  }
  os << "<script type=\"application/json\" id=\"explanations\">" << safe
     << "</script>\n<script>" << script
     << "</script>\n</div>\n</body>\n</html>\n";
  return os.str();
}
