//===- Graph.cpp - A concrete FX-like graph -------------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/Graph.h"

#include <algorithm>

namespace bpat::rt {

Expected<NodeId> Graph::addNode(GraphNode n) {
  if (n.name.empty())
    return Error::failure("node has no name");
  if (byName.count(n.name))
    return Error::failure("duplicate node name '" + n.name + "'");
  NodeId id = static_cast<NodeId>(nodeList.size());
  if (id == ArgRef::nonNode)
    return Error::failure("too many nodes");

  // Distinct users, as FX's node.users (a dict keyed by user).
  std::vector<NodeId> refs;
  auto collect = [&](NodeId r) { refs.push_back(r); };
  for (const Arg &a : n.args)
    forEachNodeRef(a, collect);
  for (const auto &kv : n.kwargs)
    forEachNodeRef(kv.second, collect);
  for (NodeId r : refs)
    if (r >= id)
      return Error::failure("node '" + n.name +
                            "' refers to a node that is not defined before it");
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  for (NodeId r : refs) {
    nodeList[r].users.push_back(id);
    ++userCountList[r];
  }

  // The matcher's flat view.
  auto [It, Inserted] =
      targetIndex.emplace(n.target, static_cast<uint32_t>(targetNames.size()));
  if (Inserted)
    targetNames.push_back(&It->first);
  targetIds.push_back(It->second);
  ops.push_back(n.op);
  userCountList.push_back(0);
  for (const Arg &a : n.args)
    flatArgs.push_back(a.isNode() ? a.node : ArgRef::nonNode);
  argBegins.push_back(static_cast<uint32_t>(flatArgs.size()));

  n.users.clear();
  byName.emplace(n.name, id);
  nodeList.push_back(std::move(n));
  return id;
}

std::optional<NodeId> Graph::find(std::string_view name) const {
  auto it = byName.find(std::string(name));
  if (it == byName.end())
    return std::nullopt;
  return it->second;
}

} // namespace bpat::rt
