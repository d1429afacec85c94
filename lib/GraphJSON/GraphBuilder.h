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

#include <deque>
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
  rt::FlatArg value;
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

/// A node's `users` list: its elements in UserEntries, and where it is
/// (null when the node has none).
struct UsersList {
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
  bool holdDuplicate(const std::string &place);
  bool checkUsers();

  // GraphArgs.cpp: args, kwargs and the arguments inside them.
  bool readArgs();
  bool readKwargs();
  bool readList(std::vector<rt::FlatArg> &out, std::optional<ArgProblem> &p,
                PathStep::StepKind step, size_t &count);
  bool readArg(rt::FlatArg &out, std::optional<ArgProblem> &p);
  bool readArgObject(rt::FlatArg &out, std::optional<ArgProblem> &p);
  bool readEntries(std::vector<Entry> &out, PathStep::StepKind step);
  bool readSlice(rt::FlatArg &out, std::optional<ArgProblem> &p, SMLoc start);
  /// \p values as one list of kind \p k: moved to elementPool.
  rt::FlatArg poolList(rt::FlatArg::Kind k, std::vector<rt::FlatArg> &values);
  std::string pathText() const;

  /// The node named `Name`. References and users mostly name a node next
  /// to the one being read: nodes `Near` and `Near + 1` are compared first,
  /// which spares most hash lookups.
  std::optional<rt::NodeId> find(StringRef name, size_t near) const {
    for (size_t id : {near, near + 1})
      if (id < g.size() && g.name(rt::NodeId(id)) == name)
        return rt::NodeId(id);
    return g.find(name);
  }
  /// Path text and a problem at `Range`.
  ArgProblem argProblem(SMRange range, const std::string &what) const {
    return {range, pathText() + what, std::nullopt};
  }

  JSONCursor r;
  TextProblem *problem = nullptr;
  rt::Graph g;
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
  std::vector<rt::FlatArg> argValues;
  std::optional<ArgProblem> argsProblem;
  std::vector<Entry> kwEntries;
  /// The elements of the node's lists (rt::NodeInput::elements).
  std::vector<rt::FlatArg> elementPool;
  /// Scratch for the lists and dicts being read, one per depth (a deque:
  /// a level stays where it is while deeper ones are added).
  std::deque<std::vector<rt::FlatArg>> listLevels;
  std::deque<std::vector<Entry>> entryLevels;
  size_t listDepth = 0, entryDepth = 0;
  /// The kwargs as rt::NodeInput takes them.
  std::vector<rt::FlatArg> kwValues;
  UsersList currentUsers;
  std::vector<PathStep> path;
};

} // namespace detail
} // namespace graphio
} // namespace bpat

#endif // BPAT_LIB_GRAPHJSON_GRAPHBUILDER_H
