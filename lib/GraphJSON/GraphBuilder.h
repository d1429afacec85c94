//===- GraphBuilder.h - The graph reader's state ----------------*- C++ -*-===//
//
// Private to lib/GraphJSON (plain C++17): the one-pass builder behind
// graphio::parseGraph, shared by GraphReader.cpp (the top level, nodes,
// checks, users) and GraphArgs.cpp (arguments: lists, literals, node
// references, dicts, slices, kwargs).
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_GRAPHJSON_GRAPHBUILDER_H
#define BPAT_LIB_GRAPHJSON_GRAPHBUILDER_H

#include "bpat/GraphJSON/GraphJSON.h"
#include "bpat/GraphJSON/JSONCursor.h"
#include "bpat/Runtime/Graph.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpat {
namespace graphio {
namespace detail {

using StringRef = std::string_view;
using Kind = JSONCursor::Kind;
/// A place in the text.
using SMLoc = const char *;
/// A range of the text, [start, end).
struct SMRange {
  const char *start = nullptr, *end = nullptr;
};

inline std::string quote(StringRef s) { return quoteJSONString(s); }

inline SMRange at(SMLoc loc) { return SMRange{loc, loc}; }

/// One step of the path to an argument; the path becomes text
/// ("args[0].dict[\"b\"][1]") only for a message.
struct PathStep {
  enum StepKind : uint8_t { Arg, Kwarg, Element, Dict, Slice } k;
  size_t index;
  StringRef key;
};

/// A problem inside an argument, held until its node is checked. For a
/// reference to a node not defined before (`RefName`), `Message` is only
/// the path: the rest depends on the node's name and on later nodes.
struct ArgProblem {
  SMRange range;
  std::string message;
  std::optional<StringRef> refName;
};

/// A member of a node: whether it was there, its kind, where its value is
/// (all of a scalar, the start of a container) and a string's text.
struct Field {
  bool present = false;
  Kind k = Kind::Null;
  SMRange range;
  StringRef str;
};

/// A member of kwargs or of a dict argument.
struct Entry {
  StringRef key;
  rt::Arg value;
  std::optional<ArgProblem> problem;
};

/// The entry with a problem whose key sorts first, or null: problems of a
/// dict or kwargs are reported in key order whatever the order written.
inline Entry *firstProblemByKey(std::vector<Entry> &entries) {
  Entry *first = nullptr;
  for (Entry &e : entries)
    if (e.problem && (!first || e.key < first->key))
      first = &e;
  return first;
}

/// One element of a `users` list: its name (no data if not a string), and
/// where it starts.
struct UserEntry {
  StringRef name;
  const char *loc;
};

/// A node's `users` list: its elements in UserEntries, and where it is.
struct UsersList {
  bool present = false;
  uint32_t begin = 0, end = 0;
  SMLoc loc = nullptr;
};

/// A problem held until the whole file is read, and an optional note.
struct Problem {
  SMRange range;
  std::string message;
  SMLoc noteLoc = nullptr;
  std::string note;
};

/// Node ids by name: an open-addressing hash table (linear probing, at
/// most half full), what llvm::DenseMap gave the reader before it was
/// plain C++; std::unordered_map allocates a node per name and made
/// reading ~10% slower.
class NameIndex {
public:
  void clear() {
    slots.assign(16, Slot());
    count = 0;
  }
  /// Inserts `name` -> `id` unless `name` is there; returns the id it has
  /// and whether it was inserted.
  std::pair<rt::NodeId, bool> insert(StringRef name, rt::NodeId id) {
    if (2 * (count + 1) > slots.size())
      grow();
    Slot &s = probe(name, std::hash<StringRef>()(name));
    if (s.used)
      return {s.id, false};
    s = Slot{name, std::hash<StringRef>()(name), id, true};
    ++count;
    return {id, true};
  }
  std::optional<rt::NodeId> find(StringRef name) const {
    const Slot &s = const_cast<NameIndex *>(this)->probe(
        name, std::hash<StringRef>()(name));
    if (!s.used)
      return std::nullopt;
    return s.id;
  }

private:
  struct Slot {
    StringRef name;
    size_t hash = 0;
    rt::NodeId id = 0;
    bool used = false;
  };
  Slot &probe(StringRef name, size_t hash) {
    size_t mask = slots.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot &s = slots[i];
      if (!s.used || (s.hash == hash && s.name == name))
        return s;
    }
  }
  void grow() {
    std::vector<Slot> old(slots.size() * 2);
    old.swap(slots);
    size_t mask = slots.size() - 1;
    for (const Slot &s : old)
      if (s.used) {
        size_t i = s.hash & mask;
        while (slots[i].used)
          i = (i + 1) & mask;
        slots[i] = s;
      }
  }

  std::vector<Slot> slots = std::vector<Slot>(16);
  size_t count = 0;
};

/// Reads one graph buffer (graphio::readGraph). Every `read` method consumes
/// one value and returns false only on a syntax error (reported by the
/// reader); problems of the graph are held (hold()) or kept per argument.
class GraphBuilder {
public:
  explicit GraphBuilder(std::string_view text) : r(text) {}

  /// The graph, or empty with the problem in `Out`.
  std::optional<rt::Graph> read(TextProblem &out);

private:
  // GraphReader.cpp: the top level, nodes, their checks, users.
  std::optional<rt::Graph> readAll();
  void reset();
  void hold(SMRange range, std::string message, SMLoc noteLoc = nullptr,
            std::string note = "");
  /// Sets the problem read() returns.
  void report(SMRange range, std::string message);
  SMRange lastRange() const { return {r.lastBegin(), r.lastEnd()}; }
  bool readNodes();
  bool readNode(size_t index);
  bool scanName(size_t index);
  bool readField(Field &f);
  bool readUsers();
  void checkNode(size_t index, SMLoc nodeLoc);
  void holdArgProblem(ArgProblem &p, const std::string &place);
  bool checkUsers();

  // GraphArgs.cpp: args, kwargs and the arguments inside them.
  bool readArgs();
  bool readKwargs();
  bool readList(std::vector<rt::Arg> &out, std::optional<ArgProblem> &p,
                PathStep::StepKind step, size_t &count);
  bool readArg(rt::Arg &out, std::optional<ArgProblem> &p);
  bool readArgObject(rt::Arg &out, std::optional<ArgProblem> &p);
  bool readEntries(std::vector<Entry> &out, PathStep::StepKind step);
  bool readSlice(rt::Arg &out, std::optional<ArgProblem> &p, SMLoc start);
  std::string pathText() const;

  /// The node named `Name`. References and users mostly name a node next
  /// to the one being read: nodes `Near` and `Near + 1` are compared first,
  /// which spares most hash lookups.
  std::optional<rt::NodeId> find(StringRef name, size_t near) const {
    for (size_t id : {near, near + 1})
      if (id < g.size() && StringRef(g.node(id).name) == name)
        return rt::NodeId(id);
    return ids.find(name);
  }
  /// Path text and a problem at `Range`.
  ArgProblem argProblem(SMRange range, const std::string &what) const {
    return {range, pathText() + what, std::nullopt};
  }

  JSONCursor r;
  TextProblem *problem = nullptr;
  rt::Graph g;
  /// The id of every node added, by name (names point into the buffer or
  /// the reader's storage).
  NameIndex ids;
  /// Where each node's name is, for notes.
  std::vector<SMLoc> nameLocs;
  std::vector<UsersList> lists;
  std::vector<UserEntry> userEntries;
  std::optional<Problem> held;
  /// A held reference to a name not defined before its node, and the first
  /// later node of that name.
  std::optional<StringRef> pendingRef;
  std::optional<size_t> refFound;
  SMLoc refFoundLoc = nullptr;

  /// The node being read.
  struct {
    Field name, op, target, args, kwargs, users;
    bool unknown = false;
    StringRef unknownKey;
    SMRange unknownRange;
  } f;
  std::vector<rt::Arg> argValues;
  std::optional<ArgProblem> argsProblem;
  std::vector<Entry> kwEntries;
  UsersList currentUsers;
  std::vector<PathStep> path;
};

} // namespace detail
} // namespace graphio
} // namespace bpat

#endif // BPAT_LIB_GRAPHJSON_GRAPHBUILDER_H
