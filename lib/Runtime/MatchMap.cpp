//===- MatchMap.cpp - Writing a match map as JSON -------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/MatchMap.h"

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/Pattern.h"

#include <algorithm>
#include <cstdio>

namespace bpat::rt {

static void appendJsonString(std::string_view s, std::string &out) {
  out += '"';
  for (char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", c);
        out += buf;
      } else {
        out += c;
      }
    }
  }
  out += '"';
}

size_t BackendLabels::size() const { return bc.configs.size(); }

std::string BackendLabels::pattern(uint32_t index) const {
  return renderPattern(bc.configs[index].pattern);
}

std::string_view BackendLabels::provenance(uint32_t index) const {
  return bc.configs[index].provenance;
}

std::string matchMapToJson(const Graph &g, const ConfigLabels &labels,
                           const MatchMap &m) {
  std::vector<NodeId> matched;
  for (NodeId n = 0; n < m.size() && n < g.size(); ++n)
    if (m[n].matched() && m[n].anchor < g.size() && m[n].config < labels.size())
      matched.push_back(n);
  std::sort(matched.begin(), matched.end(),
            [&](NodeId a, NodeId b) { return g.name(a) < g.name(b); });
  std::string out = "{";
  bool first = true;
  for (NodeId n : matched) {
    if (!first)
      out += ",\n ";
    first = false;
    appendJsonString(g.name(n), out);
    out += ": [";
    appendJsonString(g.name(m[n].anchor), out);
    out += ", ";
    appendJsonString(labels.pattern(m[n].config), out);
    out += ']';
  }
  out += "}\n";
  return out;
}

std::string matchMapToJson(const Graph &g, const BackendConfig &bc,
                           const MatchMap &m) {
  return matchMapToJson(g, BackendLabels(bc), m);
}

} // namespace bpat::rt
