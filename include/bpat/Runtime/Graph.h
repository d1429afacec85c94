//===- bpat/Runtime/Graph.h - A concrete FX-like graph ----------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `Graph`, a plain FX-like graph (what `bpat-match` reads from JSON), and its
/// `GraphTraits` specialization.
///
/// `Graph` keeps its nodes compact (docs/performance.md §4): per-node arrays
/// (op, target id, user count, ranges), names in one character pool, every
/// argument that is not a plain node reference as a 16-byte record (lists
/// as ranges of records), users as per-node lists in one array, and an
/// open-addressing index of names. It is read through light views
/// (`NodeView`, `ArgView`); nodes are added from owned values (`GraphNode`,
/// `Arg`, `Literal`) or, without building those, from `NodeInput`.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_GRAPH_H
#define BPAT_RUNTIME_GRAPH_H

#include "bpat/Runtime/Error.h"
#include "bpat/Runtime/GraphTraits.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bpat::rt {

/// A literal argument value, kept as written.
struct Literal {
  /// Repr: a value JSON cannot hold, by its Python repr (`{"literal": R}`).
  enum class Kind : unsigned char { None, Bool, Int, Float, String, Repr };
  Kind k = Kind::None;
  bool boolValue = false;
  int64_t intValue = 0;
  double floatValue = 0.0;
  /// The text of a String or Repr; for a Float, its spelling as written
  /// (empty when the value was not read from text).
  std::string str;

  static Literal none() { return Literal{}; }
  static Literal boolean(bool v) {
    Literal l;
    l.k = Kind::Bool;
    l.boolValue = v;
    return l;
  }
  static Literal integer(int64_t v) {
    Literal l;
    l.k = Kind::Int;
    l.intValue = v;
    return l;
  }
  static Literal floating(double v) {
    Literal l;
    l.k = Kind::Float;
    l.floatValue = v;
    return l;
  }
  static Literal string(std::string v) {
    Literal l;
    l.k = Kind::String;
    l.str = std::move(v);
    return l;
  }
  static Literal repr(std::string v) {
    Literal l = string(std::move(v));
    l.k = Kind::Repr;
    return l;
  }
};

/// An argument: a node reference, a list of arguments, or a literal.
///
/// A dict and a slice are lists too (of the dict's values, of start, stop
/// and step): non-node arguments whose nested nodes are uses, as in FX.
/// `form` and `keys` only remember how to write them back.
struct Arg {
  enum class Kind : unsigned char { Node, List, Literal };
  /// How a List was written: a list (or tuple), a dict, a slice.
  enum class ListForm : unsigned char { List, Dict, Slice };
  Kind k = Kind::Literal;
  ListForm form = ListForm::List;
  NodeId node = 0;
  std::vector<Arg> elements;
  /// A Dict's keys, one per element.
  std::vector<std::string> keys;
  rt::Literal lit;

  static Arg makeNode(NodeId n) {
    Arg a;
    a.k = Kind::Node;
    a.node = n;
    return a;
  }
  static Arg makeList(std::vector<Arg> elements) {
    Arg a;
    a.k = Kind::List;
    a.elements = std::move(elements);
    return a;
  }
  static Arg makeDict(std::vector<std::string> keys, std::vector<Arg> values) {
    Arg a = makeList(std::move(values));
    a.form = ListForm::Dict;
    a.keys = std::move(keys);
    return a;
  }
  static Arg makeSlice(std::vector<Arg> startStopStep) {
    Arg a = makeList(std::move(startStopStep));
    a.form = ListForm::Slice;
    return a;
  }
  static Arg makeLiteral(rt::Literal l) {
    Arg a;
    a.k = Kind::Literal;
    a.lit = std::move(l);
    return a;
  }
  bool isNode() const { return k == Kind::Node; }
};

/// One node of a graph, as an owned value: the input of Graph::addNode (its
/// users are derived by the graph), and what NodeView::toGraphNode copies out.
struct GraphNode {
  std::string name;
  NodeOp op = NodeOp::CallFunction;
  std::string target;
  std::vector<Arg> args;
  std::vector<std::pair<std::string, Arg>> kwargs;
};

/// An argument of a node handed to Graph::addNode without owned values (how
/// the JSON reader adds nodes): a flat tagged record whose strings are views
/// the caller keeps alive until addNode returns. A list's elements are the
/// `count` records from `begin` in NodeInput::elements.
struct FlatArg {
  enum class Kind : unsigned char {
    Node,
    List,
    Dict,
    Slice,
    None,
    Bool,
    Int,
    Float,
    String,
    Repr
  };
  Kind k = Kind::None;
  bool boolValue = false;
  NodeId node = 0;
  uint32_t begin = 0, count = 0;
  int64_t intValue = 0;
  double floatValue = 0.0;
  /// The text of a String or Repr; a Float's spelling as written, or empty.
  std::string_view str;
  /// The key of a Dict's element, or of a kwarg.
  std::string_view key;
};

/// A node for Graph::addNode, by views (see FlatArg). Kwargs carry their key
/// in FlatArg::key.
struct NodeInput {
  std::string_view name;
  NodeOp op = NodeOp::CallFunction;
  std::string_view target;
  const FlatArg *args = nullptr;
  size_t numArgs = 0;
  const FlatArg *kwargs = nullptr;
  size_t numKwargs = 0;
  /// The elements of every list in args and kwargs.
  const FlatArg *elements = nullptr;
};

class Graph;
class NodeView;

namespace detail {

/// A stored argument other than a top-level node reference: 16 bytes.
/// Node: A = the node. List, Slice: A elements from B in Graph's element
/// array. Dict: A entries from B, each a Key record then its value. Bool:
/// A. Int: B. Float: A indexes Graph's float pool. String, Repr, Key: A
/// bytes from offset B of Graph's character pool.
struct ArgRecord {
  enum class Kind : unsigned char {
    Node,
    List,
    Dict,
    Slice,
    None,
    Bool,
    Int,
    Float,
    String,
    Repr,
    Key
  };
  Kind k = Kind::None;
  uint32_t a = 0;
  uint64_t b = 0;
};

/// Iteration (for range-for) over a sequence with `operator[]` and `size()`.
template <typename Seq, typename T> class IndexIterator {
public:
  IndexIterator(const Seq *seq, size_t i) : seq(seq), i(i) {}
  T operator*() const { return (*seq)[i]; }
  IndexIterator &operator++() {
    ++i;
    return *this;
  }
  bool operator==(const IndexIterator &o) const { return i == o.i; }
  bool operator!=(const IndexIterator &o) const { return i != o.i; }

private:
  const Seq *seq;
  size_t i;
};

/// A view of `count` items that \p Seq gives by `operator[]`: its size and
/// range-for iteration. The view that derives from it sets `count`.
template <typename Seq, typename T> class IndexRange {
public:
  size_t size() const { return count; }
  bool empty() const { return count == 0; }
  IndexIterator<Seq, T> begin() const {
    return {static_cast<const Seq *>(this), 0};
  }
  IndexIterator<Seq, T> end() const {
    return {static_cast<const Seq *>(this), count};
  }

protected:
  uint32_t count = 0;
};

} // namespace detail

/// An argument of a node of a Graph: a node reference, a list (list, dict or
/// slice, as Arg), or a literal. A view: valid until the graph changes.
class ArgView {
public:
  /// The elements of a list (a dict's values).
  class Elements : public detail::IndexRange<Elements, ArgView> {
  public:
    ArgView operator[](size_t i) const;

  private:
    friend class ArgView;
    const Graph *g = nullptr;
    uint64_t first = 0;
    bool dict = false;
  };

  ArgView(const Graph &g, detail::ArgRecord r) : g(&g), r(r) {}

  Arg::Kind kind() const;
  bool isNode() const { return r.k == detail::ArgRecord::Kind::Node; }
  /// The node referred to (Node only).
  NodeId node() const { return r.a; }
  /// How a List was written.
  Arg::ListForm form() const {
    return r.k == detail::ArgRecord::Kind::Dict    ? Arg::ListForm::Dict
           : r.k == detail::ArgRecord::Kind::Slice ? Arg::ListForm::Slice
                                                   : Arg::ListForm::List;
  }
  /// A List's elements (none for anything else).
  Elements elements() const;
  /// A Dict's key of element \p i.
  std::string_view key(size_t i) const;
  /// A Literal's kind and value.
  Literal::Kind literalKind() const;
  bool boolValue() const { return r.a != 0; }
  int64_t intValue() const { return static_cast<int64_t>(r.b); }
  double floatValue() const;
  /// The text of a String or Repr; a Float's spelling as read (or empty).
  std::string_view text() const;
  /// Owned copies.
  Literal literal() const;
  Arg toArg() const;

private:
  const Graph *g;
  detail::ArgRecord r;
};

/// A keyword argument of a node: its key (`first`) and value (`second`).
struct KwargView {
  std::string_view first;
  ArgView second;
};

/// A node of a Graph, by view: valid until the graph changes.
class NodeView {
public:
  /// The positional arguments.
  class Args : public detail::IndexRange<Args, ArgView> {
  public:
    ArgView operator[](size_t i) const;

  private:
    friend class NodeView;
    const Graph *g = nullptr;
    uint32_t first = 0;
    /// The records of the args that are not plain node references.
    uint32_t records = 0;
  };
  /// The keyword arguments, in the order given.
  class Kwargs : public detail::IndexRange<Kwargs, KwargView> {
  public:
    KwargView operator[](size_t i) const;

  private:
    friend class NodeView;
    const Graph *g = nullptr;
    uint32_t first = 0;
  };
  /// The distinct users, in graph order.
  class Users {
  public:
    class Iterator {
    public:
      Iterator(const Graph *g, uint32_t link, uint32_t left)
          : g(g), link(link), left(left) {}
      NodeId operator*() const;
      Iterator &operator++();
      bool operator==(const Iterator &o) const { return left == o.left; }
      bool operator!=(const Iterator &o) const { return left != o.left; }

    private:
      const Graph *g;
      uint32_t link; ///< index of a user link
      uint32_t left; ///< users from this one on
    };
    size_t size() const { return count; }
    bool empty() const { return count == 0; }
    Iterator begin() const { return {g, first, count}; }
    Iterator end() const { return {g, 0, 0}; }

  private:
    friend class NodeView;
    const Graph *g = nullptr;
    uint32_t first = 0, count = 0;
  };

  NodeView(const Graph &g, NodeId id) : g(&g), n(id) {}
  NodeId id() const { return n; }
  std::string_view name() const;
  NodeOp op() const;
  std::string_view target() const;
  Args args() const;
  Kwargs kwargs() const;
  Users users() const;
  /// f(NodeId) for every node the node's args and kwargs refer to, nested
  /// too, in order (a node used twice is passed twice).
  template <typename Fn> void forEachInput(Fn &&f) const;
  /// An owned copy (for Graph::addNode).
  GraphNode toGraphNode() const;

private:
  const Graph *g;
  NodeId n;
};

/// An FX-like graph. Nodes are appended in graph order and may refer only to
/// nodes added before them, as in FX. Views into it (NodeView, ArgView, the
/// string_views it returns) are valid until the next addNode.
class Graph {
public:
  /// Appends \p n. Fails if the name is empty or taken, or an argument
  /// refers to a node not yet added.
  Expected<NodeId> addNode(const GraphNode &n);
  /// The same from views (see FlatArg), without owned values.
  Expected<NodeId> addNode(const NodeInput &n);
  /// Room for \p nodes nodes (a hint: fewer reallocations while adding).
  void reserve(size_t nodes);
  /// Frees the spare capacity of the arrays (after the last addNode).
  void shrinkToFit();

  size_t size() const { return ops.size(); }
  NodeView node(NodeId id) const { return NodeView(*this, id); }
  std::string_view name(NodeId id) const {
    return std::string_view(nameChars.data() + nameBegins[id],
                            nameBegins[id + 1] - nameBegins[id]);
  }
  /// The node named \p name, if any.
  std::optional<NodeId> find(std::string_view name) const;
  /// The heap bytes the graph's arrays hold (their capacities).
  size_t capacityBytes() const;

  /// \name The matcher's view, kept up to date by addNode.
  /// Flat per-node arrays, so that matching reads no node records and
  /// hashes each distinct target once rather than once per node.
  /// @{
  NodeOp op(NodeId id) const { return ops[id]; }
  /// The target of node \p id as an index into the distinct targets.
  uint32_t targetId(NodeId id) const { return targetIds[id]; }
  size_t numTargets() const { return targetRefs.size(); }
  std::string_view targetName(uint32_t targetId) const {
    return chars(targetRefs[targetId]);
  }
  /// Per node: the op, and the target id.
  const std::vector<NodeOp> &opList() const { return ops; }
  const std::vector<uint32_t> &targetIdList() const { return targetIds; }
  /// Number of distinct users of each node.
  const std::vector<uint32_t> &userCounts() const { return userCountList; }
  /// Node \p id's positional arguments are positionalArgs()[argBegin()[Id]]
  /// up to argBegin()[Id + 1]: the node referred to, or ArgRef::nonNode.
  const std::vector<uint32_t> &argBegin() const { return argBegins; }
  const std::vector<uint32_t> &positionalArgs() const { return flatArgs; }
  /// @}

private:
  friend class ArgView;
  friend class NodeView;
  using Record = detail::ArgRecord;

  /// Bytes of the character pool.
  struct CharRef {
    uint64_t offset = 0;
    uint32_t size = 0;
  };
  struct FloatLiteral {
    double value = 0.0;
    CharRef spelling;
  };
  /// A node's users are a ring of links: the node's lastUser is its last
  /// link, whose `next` is the first.
  struct UserLink {
    NodeId user = 0;
    uint32_t next = 0; ///< index of the next link
  };

  /// An open-addressing index of ids by a string (linear probing, at most
  /// 4/5 full), each slot the id and the string's hash: 8 bytes.
  class StringIndex {
  public:
    /// The id whose string (textOf(id)) is \p s, if any.
    template <typename TextOf>
    std::optional<uint32_t> find(std::string_view s, uint32_t hash,
                                 TextOf &&textOf) const {
      if (slots.empty())
        return std::nullopt;
      size_t mask = slots.size() - 1;
      for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot &slot = slots[i];
        if (slot.id == 0)
          return std::nullopt;
        if (slot.hash == hash && textOf(slot.id - 1) == s)
          return slot.id - 1;
      }
    }
    /// The slot of \p s: its id's, or the empty one where it would go.
    template <typename TextOf>
    size_t probe(std::string_view s, uint32_t hash, TextOf &&textOf) const {
      size_t mask = slots.size() - 1;
      for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot &slot = slots[i];
        if (slot.id == 0 || (slot.hash == hash && textOf(slot.id - 1) == s))
          return i;
      }
    }
    bool used(size_t slot) const { return slots[slot].id != 0; }
    uint32_t idAt(size_t slot) const { return slots[slot].id - 1; }
    /// Grows the index if one more id would make it too full (slots found
    /// before are then stale).
    void makeRoomForOne();
    /// Adds \p id (whose string is not in the index) at \p slot, an empty
    /// slot probe() gave since the last makeRoomForOne().
    void insertAt(size_t slot, uint32_t id, uint32_t hash);
    /// Adds \p id (whose string is not in the index).
    void insert(uint32_t id, uint32_t hash);
    void reserve(size_t count);
    size_t capacityBytes() const { return slots.capacity() * sizeof(Slot); }

  private:
    struct Slot {
      uint32_t id = 0; ///< 1 + the id; 0 when empty
      uint32_t hash = 0;
    };
    void rehash(size_t numSlots);
    std::vector<Slot> slots;
    size_t count = 0;
  };
  static uint32_t hashOf(std::string_view s);

  std::string_view chars(CharRef r) const {
    return std::string_view(charPool.data() + r.offset, r.size);
  }
  CharRef saveChars(std::string_view s);
  /// The checks of addNode; on success, the name's slot in the index.
  std::optional<Error> checkAdd(std::string_view name, uint32_t nameHash,
                                size_t &nameSlot);
  NodeId commitNode(std::string_view name, NodeOp op, std::string_view target,
                    uint32_t nameHash, size_t nameSlot);
  Record storeArg(const Arg &a);
  Record storeArg(const FlatArg &a, const FlatArg *elements);
  void addUsers(NodeId id);
  uint32_t numRecordArgs(NodeId id) const;

  /// Per node.
  std::vector<NodeOp> ops;
  std::vector<uint32_t> targetIds;
  std::vector<uint32_t> userCountList;
  std::vector<uint32_t> argBegins{0};
  std::vector<uint32_t> nameBegins{0};
  /// Node Id's records (its positional args that are not plain node
  /// references, in order, then a Key record and the value of each kwarg)
  /// are records[recordBegins[Id]] up to records[recordBegins[Id + 1]].
  std::vector<uint32_t> recordBegins{0};
  /// Per node, the index of its last user link (when it has users).
  std::vector<uint32_t> lastUser;

  std::vector<uint32_t> flatArgs;
  std::vector<Record> records;
  /// The elements of every list, each list's contiguous.
  std::vector<Record> elementRecords;
  std::vector<FloatLiteral> floats;
  std::vector<UserLink> userLinks;
  std::vector<char> nameChars;
  /// Targets, keys, literal text.
  std::vector<char> charPool;
  std::vector<CharRef> targetRefs;
  StringIndex names, targets;
  /// The node ids an addNode refers to (reused).
  std::vector<NodeId> refScratch;
};

inline std::string_view NodeView::name() const { return g->name(n); }
inline NodeOp NodeView::op() const { return g->ops[n]; }
inline std::string_view NodeView::target() const {
  return g->targetName(g->targetIds[n]);
}
inline NodeView::Users NodeView::users() const {
  Users u;
  u.g = g;
  u.count = g->userCountList[n];
  if (u.count)
    u.first = g->userLinks[g->lastUser[n]].next;
  return u;
}
inline NodeId NodeView::Users::Iterator::operator*() const {
  return g->userLinks[link].user;
}
inline NodeView::Users::Iterator &NodeView::Users::Iterator::operator++() {
  link = g->userLinks[link].next;
  --left;
  return *this;
}

/// Calls \p f for every node reference inside \p a, recursively, in order.
template <typename Fn> void forEachNodeRef(const Arg &a, Fn &&f) {
  if (a.k == Arg::Kind::Node)
    f(a.node);
  else if (a.k == Arg::Kind::List)
    for (const Arg &e : a.elements)
      forEachNodeRef(e, f);
}
template <typename Fn> void forEachNodeRef(const ArgView &a, Fn &&f) {
  if (a.isNode())
    f(a.node());
  else
    for (ArgView e : a.elements())
      forEachNodeRef(e, f);
}

template <typename Fn> void NodeView::forEachInput(Fn &&f) const {
  for (ArgView a : args())
    forEachNodeRef(a, f);
  for (KwargView kv : kwargs())
    forEachNodeRef(kv.second, f);
}

template <> struct GraphTraits<Graph> {
  static size_t numNodes(const Graph &g) { return g.size(); }
  static NodeOp op(const Graph &g, NodeId n) { return g.op(n); }
  static std::string_view target(const Graph &g, NodeId n) {
    return g.targetName(g.targetId(n));
  }
  static size_t numArgs(const Graph &g, NodeId n) {
    return g.argBegin()[n + 1] - g.argBegin()[n];
  }
  static ArgRef arg(const Graph &g, NodeId n, size_t i) {
    NodeId a = g.positionalArgs()[g.argBegin()[n] + i];
    return a != ArgRef::nonNode ? ArgRef::makeNode(a) : ArgRef::makeNonNode();
  }
  static size_t numUsers(const Graph &g, NodeId n) { return g.userCounts()[n]; }
  static uint32_t targetId(const Graph &g, NodeId n) { return g.targetId(n); }
  static size_t numTargets(const Graph &g) { return g.numTargets(); }
  static const NodeOp *opArray(const Graph &g) { return g.opList().data(); }
  static const uint32_t *targetIdArray(const Graph &g) {
    return g.targetIdList().data();
  }
  static const uint32_t *userCounts(const Graph &g) {
    return g.userCounts().data();
  }
  static const uint32_t *argBegin(const Graph &g) {
    return g.argBegin().data();
  }
  static const uint32_t *positionalArgs(const Graph &g) {
    return g.positionalArgs().data();
  }
  template <typename Fn>
  static void forEachNodeInArg(const Graph &g, NodeId n, size_t i, Fn &&f) {
    if (g.positionalArgs()[g.argBegin()[n] + i] == ArgRef::nonNode)
      forEachNodeRef(g.node(n).args()[i], f);
  }
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_GRAPH_H
