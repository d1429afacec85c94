//===- Graph.cpp - A concrete FX-like graph -------------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/Graph.h"

#include <algorithm>

namespace bpat::rt {

Expected<NodeId> Graph::addNode(GraphNode N) {
  if (N.Name.empty())
    return Error::failure("node has no name");
  if (ByName.count(N.Name))
    return Error::failure("duplicate node name '" + N.Name + "'");
  NodeId Id = static_cast<NodeId>(Nodes.size());
  if (Id == ArgRef::NonNode)
    return Error::failure("too many nodes");

  // Distinct users, as FX's node.users (a dict keyed by user).
  std::vector<NodeId> Refs;
  auto Collect = [&](NodeId R) { Refs.push_back(R); };
  for (const Arg &A : N.Args)
    forEachNodeRef(A, Collect);
  for (const auto &KV : N.Kwargs)
    forEachNodeRef(KV.second, Collect);
  for (NodeId R : Refs)
    if (R >= Id)
      return Error::failure("node '" + N.Name +
                            "' refers to a node that is not defined before it");
  std::sort(Refs.begin(), Refs.end());
  Refs.erase(std::unique(Refs.begin(), Refs.end()), Refs.end());
  for (NodeId R : Refs) {
    Nodes[R].Users.push_back(Id);
    ++UserCounts[R];
  }

  // The matcher's flat view.
  auto [It, Inserted] =
      TargetIndex.emplace(N.Target, static_cast<uint32_t>(TargetNames.size()));
  if (Inserted)
    TargetNames.push_back(&It->first);
  TargetIds.push_back(It->second);
  Ops.push_back(N.Op);
  UserCounts.push_back(0);
  for (const Arg &A : N.Args)
    FlatArgs.push_back(A.isNode() ? A.Node : ArgRef::NonNode);
  ArgBegins.push_back(static_cast<uint32_t>(FlatArgs.size()));

  N.Users.clear();
  ByName.emplace(N.Name, Id);
  Nodes.push_back(std::move(N));
  return Id;
}

std::optional<NodeId> Graph::find(std::string_view Name) const {
  auto It = ByName.find(std::string(Name));
  if (It == ByName.end())
    return std::nullopt;
  return It->second;
}

} // namespace bpat::rt
