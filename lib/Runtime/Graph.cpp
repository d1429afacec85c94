//===- Graph.cpp - A concrete FX-like graph -------------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
// rt::Graph's compact storage (the layout is described in Graph.h): adding
// nodes from owned values (GraphNode) or from views (NodeInput), the name
// and target indexes, and the node and argument views.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/Graph.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <type_traits>

namespace bpat::rt {

using Record = detail::ArgRecord;
using RecordKind = detail::ArgRecord::Kind;

static constexpr uint64_t maxIndex = std::numeric_limits<uint32_t>::max() - 1;

//===----------------------------------------------------------------------===//
// The name and target indexes
//===----------------------------------------------------------------------===//

uint32_t Graph::hashOf(std::string_view s) {
  uint64_t h = std::hash<std::string_view>()(s);
  return static_cast<uint32_t>(h ^ (h >> 32));
}

void Graph::StringIndex::makeRoomForOne() {
  if (5 * (count + 1) > 4 * slots.size())
    rehash(std::max<size_t>(16, 2 * slots.size()));
}

void Graph::StringIndex::insertAt(size_t slot, uint32_t id, uint32_t hash) {
  slots[slot] = Slot{id + 1, hash};
  ++count;
}

void Graph::StringIndex::insert(uint32_t id, uint32_t hash) {
  makeRoomForOne();
  size_t mask = slots.size() - 1;
  size_t i = hash & mask;
  while (slots[i].id != 0)
    i = (i + 1) & mask;
  insertAt(i, id, hash);
}

void Graph::StringIndex::reserve(size_t wanted) {
  size_t numSlots = 16;
  while (4 * numSlots < 5 * wanted)
    numSlots *= 2;
  if (numSlots > slots.size())
    rehash(numSlots);
}

void Graph::StringIndex::rehash(size_t numSlots) {
  std::vector<Slot> old(numSlots);
  old.swap(slots);
  size_t mask = slots.size() - 1;
  for (const Slot &s : old)
    if (s.id != 0) {
      size_t i = s.hash & mask;
      while (slots[i].id != 0)
        i = (i + 1) & mask;
      slots[i] = s;
    }
}

std::optional<NodeId> Graph::find(std::string_view name) const {
  return names.find(name, hashOf(name),
                    [&](uint32_t id) { return this->name(id); });
}

//===----------------------------------------------------------------------===//
// Adding nodes
//===----------------------------------------------------------------------===//

Graph::CharRef Graph::saveChars(std::string_view s) {
  CharRef r{charPool.size(), static_cast<uint32_t>(s.size())};
  charPool.insert(charPool.end(), s.begin(), s.end());
  return r;
}

/// The checks of addNode, in the order they are reported, of a node whose
/// node references are refScratch. The name is looked up once: its slot in
/// the index is where commitNode enters it.
std::optional<Error> Graph::checkAdd(std::string_view name, uint32_t nameHash,
                                     size_t &nameSlot) {
  const std::vector<NodeId> &refs = refScratch;
  if (name.empty())
    return Error::failure("node has no name");
  names.makeRoomForOne();
  nameSlot =
      names.probe(name, nameHash, [&](uint32_t id) { return this->name(id); });
  if (names.used(nameSlot))
    return Error::failure("duplicate node name '" + std::string(name) + "'");
  NodeId id = static_cast<NodeId>(size());
  if (size() >= ArgRef::nonNode)
    return Error::failure("too many nodes");
  for (NodeId r : refs)
    if (r >= id)
      return Error::failure("node '" + std::string(name) +
                            "' refers to a node that is not defined before it");
  // The ranges are 32-bit: the arrays they index stay below 4 Gi entries.
  if (nameChars.size() + name.size() > maxIndex ||
      flatArgs.size() > maxIndex / 2 || records.size() > maxIndex / 2 ||
      userLinks.size() + refs.size() > maxIndex || name.size() > maxIndex)
    return Error::failure("the graph is too large (4 Gi entries of an array)");
  return std::nullopt;
}

NodeId Graph::commitNode(std::string_view name, NodeOp op,
                         std::string_view target, uint32_t nameHash,
                         size_t nameSlot) {
  NodeId id = static_cast<NodeId>(size());
  nameChars.insert(nameChars.end(), name.begin(), name.end());
  nameBegins.push_back(static_cast<uint32_t>(nameChars.size()));
  names.insertAt(nameSlot, id, nameHash);

  uint32_t targetHash = hashOf(target);
  std::optional<uint32_t> t = targets.find(
      target, targetHash, [&](uint32_t t) { return chars(targetRefs[t]); });
  if (!t) {
    t = static_cast<uint32_t>(targetRefs.size());
    targetRefs.push_back(saveChars(target));
    targets.insert(*t, targetHash);
  }
  targetIds.push_back(*t);
  ops.push_back(op);
  userCountList.push_back(0);
  lastUser.push_back(0);
  argBegins.push_back(static_cast<uint32_t>(flatArgs.size()));
  recordBegins.push_back(static_cast<uint32_t>(records.size()));
  return id;
}

/// Node \p id is a user of every node in refScratch (FX's node.users: a
/// dict keyed by user, so each user once, in graph order).
void Graph::addUsers(NodeId id) {
  std::sort(refScratch.begin(), refScratch.end());
  refScratch.erase(std::unique(refScratch.begin(), refScratch.end()),
                   refScratch.end());
  for (NodeId r : refScratch) {
    uint32_t link = static_cast<uint32_t>(userLinks.size());
    if (userCountList[r]++ == 0) {
      userLinks.push_back(UserLink{id, link}); // a ring of one
    } else {
      uint32_t first = userLinks[lastUser[r]].next;
      userLinks.push_back(UserLink{id, first});
      userLinks[lastUser[r]].next = link;
    }
    lastUser[r] = link;
  }
}

static Record literalRecord(const Literal &l) {
  Record r;
  switch (l.k) {
  case Literal::Kind::None:
    r.k = RecordKind::None;
    break;
  case Literal::Kind::Bool:
    r.k = RecordKind::Bool;
    r.a = l.boolValue;
    break;
  case Literal::Kind::Int:
    r.k = RecordKind::Int;
    r.b = static_cast<uint64_t>(l.intValue);
    break;
  case Literal::Kind::Float:
  case Literal::Kind::String:
  case Literal::Kind::Repr:
    break; // stored by the caller: they have text
  }
  return r;
}

Record Graph::storeArg(const Arg &a) {
  Record r;
  switch (a.k) {
  case Arg::Kind::Node:
    r.k = RecordKind::Node;
    r.a = a.node;
    return r;
  case Arg::Kind::Literal:
    if (a.lit.k == Literal::Kind::Float) {
      r.k = RecordKind::Float;
      r.a = static_cast<uint32_t>(floats.size());
      floats.push_back(FloatLiteral{a.lit.floatValue, saveChars(a.lit.str)});
    } else if (a.lit.k == Literal::Kind::String ||
               a.lit.k == Literal::Kind::Repr) {
      r.k = a.lit.k == Literal::Kind::String ? RecordKind::String
                                             : RecordKind::Repr;
      CharRef c = saveChars(a.lit.str);
      r.a = c.size;
      r.b = c.offset;
    } else {
      r = literalRecord(a.lit);
    }
    return r;
  case Arg::Kind::List:
    break;
  }
  bool dict = a.form == Arg::ListForm::Dict;
  r.k = dict                             ? RecordKind::Dict
        : a.form == Arg::ListForm::Slice ? RecordKind::Slice
                                         : RecordKind::List;
  r.a = static_cast<uint32_t>(a.elements.size());
  r.b = elementRecords.size();
  elementRecords.resize(elementRecords.size() +
                        (dict ? 2 : 1) * a.elements.size());
  for (size_t i = 0; i != a.elements.size(); ++i) {
    Record e = storeArg(a.elements[i]); // may grow elementRecords
    if (!dict) {
      elementRecords[r.b + i] = e;
      continue;
    }
    CharRef key = saveChars(i < a.keys.size() ? a.keys[i] : std::string());
    elementRecords[r.b + 2 * i] = Record{RecordKind::Key, key.size, key.offset};
    elementRecords[r.b + 2 * i + 1] = e;
  }
  return r;
}

Record Graph::storeArg(const FlatArg &a, const FlatArg *elements) {
  Record r;
  switch (a.k) {
  case FlatArg::Kind::Node:
    return Record{RecordKind::Node, a.node, 0};
  case FlatArg::Kind::None:
    return Record{RecordKind::None, 0, 0};
  case FlatArg::Kind::Bool:
    return Record{RecordKind::Bool, a.boolValue, 0};
  case FlatArg::Kind::Int:
    return Record{RecordKind::Int, 0, static_cast<uint64_t>(a.intValue)};
  case FlatArg::Kind::Float:
    r = Record{RecordKind::Float, static_cast<uint32_t>(floats.size()), 0};
    floats.push_back(FloatLiteral{a.floatValue, saveChars(a.str)});
    return r;
  case FlatArg::Kind::String:
  case FlatArg::Kind::Repr: {
    CharRef c = saveChars(a.str);
    return Record{a.k == FlatArg::Kind::String ? RecordKind::String
                                               : RecordKind::Repr,
                  c.size, c.offset};
  }
  case FlatArg::Kind::List:
  case FlatArg::Kind::Dict:
  case FlatArg::Kind::Slice:
    break;
  }
  bool dict = a.k == FlatArg::Kind::Dict;
  r.k = dict                          ? RecordKind::Dict
        : a.k == FlatArg::Kind::Slice ? RecordKind::Slice
                                      : RecordKind::List;
  r.a = a.count;
  r.b = elementRecords.size();
  elementRecords.resize(elementRecords.size() + (dict ? 2 : 1) * a.count);
  for (uint32_t i = 0; i != a.count; ++i) {
    const FlatArg &x = elements[a.begin + i];
    Record e = storeArg(x, elements); // may grow elementRecords
    if (!dict) {
      elementRecords[r.b + i] = e;
      continue;
    }
    CharRef key = saveChars(x.key);
    elementRecords[r.b + 2 * i] = Record{RecordKind::Key, key.size, key.offset};
    elementRecords[r.b + 2 * i + 1] = e;
  }
  return r;
}

Expected<NodeId> Graph::addNode(const GraphNode &n) {
  refScratch.clear();
  auto collect = [&](NodeId r) { refScratch.push_back(r); };
  for (const Arg &a : n.args)
    forEachNodeRef(a, collect);
  for (const auto &kv : n.kwargs)
    forEachNodeRef(kv.second, collect);
  uint32_t nameHash = hashOf(n.name);
  size_t nameSlot = 0;
  if (std::optional<Error> e = checkAdd(n.name, nameHash, nameSlot))
    return std::move(*e);

  for (const Arg &a : n.args)
    if (a.isNode()) {
      flatArgs.push_back(a.node);
    } else {
      flatArgs.push_back(ArgRef::nonNode);
      records.push_back(storeArg(a));
    }
  for (const auto &kv : n.kwargs) {
    CharRef key = saveChars(kv.first);
    records.push_back(Record{RecordKind::Key, key.size, key.offset});
    records.push_back(storeArg(kv.second));
  }
  NodeId id = commitNode(n.name, n.op, n.target, nameHash, nameSlot);
  addUsers(id);
  return id;
}

Expected<NodeId> Graph::addNode(const NodeInput &n) {
  refScratch.clear();
  auto visit = [&](const FlatArg &a, auto &self) -> void {
    if (a.k == FlatArg::Kind::Node)
      refScratch.push_back(a.node);
    else if (a.k == FlatArg::Kind::List || a.k == FlatArg::Kind::Dict ||
             a.k == FlatArg::Kind::Slice)
      for (uint32_t i = 0; i != a.count; ++i)
        self(n.elements[a.begin + i], self);
  };
  for (size_t i = 0; i != n.numArgs; ++i)
    visit(n.args[i], visit);
  for (size_t i = 0; i != n.numKwargs; ++i)
    visit(n.kwargs[i], visit);
  uint32_t nameHash = hashOf(n.name);
  size_t nameSlot = 0;
  if (std::optional<Error> e = checkAdd(n.name, nameHash, nameSlot))
    return std::move(*e);

  for (size_t i = 0; i != n.numArgs; ++i) {
    const FlatArg &a = n.args[i];
    if (a.k == FlatArg::Kind::Node) {
      flatArgs.push_back(a.node);
    } else {
      flatArgs.push_back(ArgRef::nonNode);
      records.push_back(storeArg(a, n.elements));
    }
  }
  for (size_t i = 0; i != n.numKwargs; ++i) {
    CharRef key = saveChars(n.kwargs[i].key);
    records.push_back(Record{RecordKind::Key, key.size, key.offset});
    records.push_back(storeArg(n.kwargs[i], n.elements));
  }
  NodeId id = commitNode(n.name, n.op, n.target, nameHash, nameSlot);
  addUsers(id);
  return id;
}

void Graph::reserve(size_t nodes) {
  ops.reserve(nodes);
  targetIds.reserve(nodes);
  userCountList.reserve(nodes);
  argBegins.reserve(nodes + 1);
  nameBegins.reserve(nodes + 1);
  recordBegins.reserve(nodes + 1);
  lastUser.reserve(nodes);
  names.reserve(nodes);
}

void Graph::shrinkToFit() {
  ops.shrink_to_fit();
  targetIds.shrink_to_fit();
  userCountList.shrink_to_fit();
  argBegins.shrink_to_fit();
  nameBegins.shrink_to_fit();
  recordBegins.shrink_to_fit();
  lastUser.shrink_to_fit();
  flatArgs.shrink_to_fit();
  records.shrink_to_fit();
  elementRecords.shrink_to_fit();
  floats.shrink_to_fit();
  userLinks.shrink_to_fit();
  nameChars.shrink_to_fit();
  charPool.shrink_to_fit();
  targetRefs.shrink_to_fit();
  refScratch = std::vector<NodeId>();
}

size_t Graph::capacityBytes() const {
  auto bytes = [](const auto &v) {
    return v.capacity() *
           sizeof(typename std::decay_t<decltype(v)>::value_type);
  };
  return bytes(ops) + bytes(targetIds) + bytes(userCountList) +
         bytes(argBegins) + bytes(nameBegins) + bytes(recordBegins) +
         bytes(lastUser) + bytes(flatArgs) + bytes(records) +
         bytes(elementRecords) + bytes(floats) + bytes(userLinks) +
         bytes(nameChars) + bytes(charPool) + bytes(targetRefs) +
         bytes(refScratch) + names.capacityBytes() + targets.capacityBytes();
}

//===----------------------------------------------------------------------===//
// Views
//===----------------------------------------------------------------------===//

/// How many of node \p id's positional args have a record (are not plain
/// node references).
uint32_t Graph::numRecordArgs(NodeId id) const {
  uint32_t count = 0;
  for (uint32_t i = argBegins[id]; i != argBegins[id + 1]; ++i)
    count += flatArgs[i] == ArgRef::nonNode;
  return count;
}

NodeView::Args NodeView::args() const {
  Args a;
  a.g = g;
  a.first = g->argBegins[n];
  a.count = g->argBegins[n + 1] - a.first;
  a.records = g->recordBegins[n];
  return a;
}

ArgView NodeView::Args::operator[](size_t i) const {
  NodeId a = g->flatArgs[first + i];
  if (a != ArgRef::nonNode)
    return ArgView(*g, Record{RecordKind::Node, a, 0});
  uint32_t rank = 0;
  for (uint32_t j = first; j != first + i; ++j)
    rank += g->flatArgs[j] == ArgRef::nonNode;
  return ArgView(*g, g->records[records + rank]);
}

NodeView::Kwargs NodeView::kwargs() const {
  Kwargs k;
  k.g = g;
  k.first = g->recordBegins[n] + g->numRecordArgs(n);
  k.count = (g->recordBegins[n + 1] - k.first) / 2;
  return k;
}

KwargView NodeView::Kwargs::operator[](size_t i) const {
  const Record &key = g->records[first + 2 * i];
  return KwargView{g->chars(Graph::CharRef{key.b, key.a}),
                   ArgView(*g, g->records[first + 2 * i + 1])};
}

GraphNode NodeView::toGraphNode() const {
  GraphNode out;
  out.name = std::string(name());
  out.op = op();
  out.target = std::string(target());
  Args a = args();
  out.args.reserve(a.size());
  for (ArgView x : a)
    out.args.push_back(x.toArg());
  for (KwargView kv : kwargs())
    out.kwargs.emplace_back(std::string(kv.first), kv.second.toArg());
  return out;
}

Arg::Kind ArgView::kind() const {
  switch (r.k) {
  case RecordKind::Node:
    return Arg::Kind::Node;
  case RecordKind::List:
  case RecordKind::Dict:
  case RecordKind::Slice:
    return Arg::Kind::List;
  default:
    return Arg::Kind::Literal;
  }
}

ArgView::Elements ArgView::elements() const {
  Elements e;
  e.g = g;
  if (kind() == Arg::Kind::List) {
    e.first = r.b;
    e.count = r.a;
    e.dict = r.k == RecordKind::Dict;
  }
  return e;
}

ArgView ArgView::Elements::operator[](size_t i) const {
  return ArgView(*g, g->elementRecords[first + (dict ? 2 * i + 1 : i)]);
}

std::string_view ArgView::key(size_t i) const {
  if (r.k != RecordKind::Dict || i >= r.a)
    return {};
  const Record &key = g->elementRecords[r.b + 2 * i];
  return g->chars(Graph::CharRef{key.b, key.a});
}

Literal::Kind ArgView::literalKind() const {
  switch (r.k) {
  case RecordKind::Bool:
    return Literal::Kind::Bool;
  case RecordKind::Int:
    return Literal::Kind::Int;
  case RecordKind::Float:
    return Literal::Kind::Float;
  case RecordKind::String:
    return Literal::Kind::String;
  case RecordKind::Repr:
    return Literal::Kind::Repr;
  default:
    return Literal::Kind::None;
  }
}

double ArgView::floatValue() const {
  return r.k == RecordKind::Float ? g->floats[r.a].value : 0.0;
}

std::string_view ArgView::text() const {
  if (r.k == RecordKind::String || r.k == RecordKind::Repr)
    return g->chars(Graph::CharRef{r.b, r.a});
  if (r.k == RecordKind::Float)
    return g->chars(g->floats[r.a].spelling);
  return {};
}

Literal ArgView::literal() const {
  switch (literalKind()) {
  case Literal::Kind::None:
    return Literal::none();
  case Literal::Kind::Bool:
    return Literal::boolean(boolValue());
  case Literal::Kind::Int:
    return Literal::integer(intValue());
  case Literal::Kind::Float: {
    Literal l = Literal::floating(floatValue());
    l.str = std::string(text());
    return l;
  }
  case Literal::Kind::String:
    return Literal::string(std::string(text()));
  case Literal::Kind::Repr:
    return Literal::repr(std::string(text()));
  }
  return Literal::none();
}

Arg ArgView::toArg() const {
  switch (kind()) {
  case Arg::Kind::Node:
    return Arg::makeNode(node());
  case Arg::Kind::Literal:
    return Arg::makeLiteral(literal());
  case Arg::Kind::List:
    break;
  }
  std::vector<Arg> values;
  Elements e = elements();
  values.reserve(e.size());
  for (ArgView x : e)
    values.push_back(x.toArg());
  switch (form()) {
  case Arg::ListForm::Dict: {
    std::vector<std::string> keys;
    for (size_t i = 0; i != e.size(); ++i)
      keys.emplace_back(key(i));
    return Arg::makeDict(std::move(keys), std::move(values));
  }
  case Arg::ListForm::Slice:
    return Arg::makeSlice(std::move(values));
  case Arg::ListForm::List:
    break;
  }
  return Arg::makeList(std::move(values));
}

} // namespace bpat::rt
