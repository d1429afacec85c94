//===- MatchMap.cpp - Writing a match map as JSON -------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/MatchMap.h"

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Graph.h"

#include <algorithm>
#include <cstdio>

namespace bpat::rt {

static void appendJsonString(std::string_view S, std::string &Out) {
  Out += '"';
  for (char C : S) {
    switch (C) {
    case '"':
      Out += "\\\"";
      break;
    case '\\':
      Out += "\\\\";
      break;
    case '\n':
      Out += "\\n";
      break;
    case '\t':
      Out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(C) < 0x20) {
        char Buf[8];
        std::snprintf(Buf, sizeof(Buf), "\\u%04x", C);
        Out += Buf;
      } else {
        Out += C;
      }
    }
  }
  Out += '"';
}

std::string matchMapToJson(const Graph &G, const BackendConfig &BC,
                           const MatchMap &M) {
  std::vector<NodeId> Matched;
  for (NodeId N = 0; N < M.size() && N < G.size(); ++N)
    if (M[N].matched() && M[N].Anchor < G.size() &&
        M[N].Config < BC.Configs.size())
      Matched.push_back(N);
  std::sort(Matched.begin(), Matched.end(), [&](NodeId A, NodeId B) {
    return G.node(A).Name < G.node(B).Name;
  });
  std::string Out = "{";
  bool First = true;
  for (NodeId N : Matched) {
    if (!First)
      Out += ",\n ";
    First = false;
    appendJsonString(G.node(N).Name, Out);
    Out += ": [";
    appendJsonString(G.node(M[N].Anchor).Name, Out);
    Out += ", ";
    appendJsonString(renderPattern(BC.Configs[M[N].Config].Pattern), Out);
    Out += ']';
  }
  Out += "}\n";
  return Out;
}

} // namespace bpat::rt
