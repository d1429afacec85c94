//===- GraphBuilder.h - The graph reader's state ----------------*- C++ -*-===//
//
// Private to lib/GraphIO: the one-pass builder behind graphio::readGraph,
// shared by GraphReader.cpp (the top level, nodes, checks, users) and
// GraphArgs.cpp (arguments: lists, literals, node references, dicts,
// slices, kwargs).
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_GRAPHIO_GRAPHBUILDER_H
#define BPAT_LIB_GRAPHIO_GRAPHBUILDER_H

#include "bpat/Runtime/Graph.h"
#include "bpat/Support/Diagnostics.h"
#include "bpat/Support/JSONReader.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <optional>
#include <string>
#include <vector>

namespace bpat {
namespace graphio {
namespace detail {

using llvm::SMLoc;
using llvm::SMRange;
using llvm::StringRef;
using llvm::Twine;
using Kind = JSONReader::Kind;

inline std::string quote(StringRef S) { return quoteJSONString(S); }

inline SMRange at(SMLoc Loc) { return SMRange(Loc, Loc); }

/// One step of the path to an argument; the path becomes text
/// ("args[0].dict[\"b\"][1]") only for a message.
struct PathStep {
  enum StepKind : uint8_t { Arg, Kwarg, Element, Dict, Slice } K;
  size_t Index;
  StringRef Key;
};

/// A problem inside an argument, held until its node is checked. For a
/// reference to a node not defined before (`RefName`), `Message` is only
/// the path: the rest depends on the node's name and on later nodes.
struct ArgProblem {
  SMRange Range;
  std::string Message;
  std::optional<StringRef> RefName;
};

/// A member of a node: whether it was there, its kind, where its value is
/// (all of a scalar, the start of a container) and a string's text.
struct Field {
  bool Present = false;
  Kind K = Kind::Null;
  SMRange Range;
  StringRef Str;
};

/// A member of kwargs or of a dict argument.
struct Entry {
  StringRef Key;
  rt::Arg Value;
  std::optional<ArgProblem> Problem;
};

/// One element of a `users` list: its name (no data if not a string), and
/// where it starts.
struct UserEntry {
  StringRef Name;
  const char *Loc;
};

/// A node's `users` list: its elements in UserEntries, and where it is.
struct UsersList {
  bool Present = false;
  uint32_t Begin = 0, End = 0;
  SMLoc Loc;
};

/// A problem held until the whole file is read, and an optional note.
struct Problem {
  SMRange Range;
  std::string Message;
  SMLoc NoteLoc;
  std::string Note;
};

/// Reads one graph buffer (graphio::readGraph). Every `read` method consumes
/// one value and returns false only on a syntax error (reported by the
/// reader); problems of the graph are held (hold()) or kept per argument.
class GraphBuilder {
public:
  GraphBuilder(DiagnosticEngine &Diags, unsigned BufferID)
      : Diags(Diags), R(Diags, BufferID) {}

  std::optional<rt::Graph> read();

private:
  // GraphReader.cpp: the top level, nodes, their checks, users.
  void reset();
  void hold(SMRange Range, const Twine &Message, SMLoc NoteLoc = SMLoc(),
            const Twine &Note = "");
  bool readNodes();
  bool readNode(size_t Index);
  bool scanName(size_t Index);
  bool readField(Field &F);
  bool readUsers();
  void checkNode(size_t Index, SMLoc NodeLoc);
  void holdArgProblem(ArgProblem &P, const std::string &Place);
  bool checkUsers();

  // GraphArgs.cpp: args, kwargs and the arguments inside them.
  bool readArgs();
  bool readKwargs();
  bool readList(std::vector<rt::Arg> &Out, std::optional<ArgProblem> &P,
                PathStep::StepKind Step, size_t &Count);
  bool readArg(rt::Arg &Out, std::optional<ArgProblem> &P);
  bool readArgObject(rt::Arg &Out, std::optional<ArgProblem> &P);
  bool readEntries(std::vector<Entry> &Out, PathStep::StepKind Step);
  bool readSlice(rt::Arg &Out, std::optional<ArgProblem> &P, SMLoc Start);
  std::string pathText() const;

  /// The node named `Name`. References and users mostly name a node next
  /// to the one being read: nodes `Near` and `Near + 1` are compared first,
  /// which spares most hash lookups.
  std::optional<rt::NodeId> find(StringRef Name, size_t Near) const {
    for (size_t Id : {Near, Near + 1})
      if (Id < G.size() && StringRef(G.node(Id).Name) == Name)
        return rt::NodeId(Id);
    auto It = Ids.find(Name);
    if (It == Ids.end())
      return std::nullopt;
    return It->second;
  }
  /// Path text and a problem at `Range`.
  ArgProblem argProblem(SMRange Range, const Twine &What) const {
    return {Range, pathText() + What.str(), std::nullopt};
  }

  DiagnosticEngine &Diags;
  JSONReader R;
  rt::Graph G;
  /// The id of every node added, by name (names point into the buffer or
  /// the reader's storage).
  llvm::DenseMap<StringRef, rt::NodeId> Ids;
  /// Where each node's name is, for notes.
  std::vector<SMLoc> NameLocs;
  std::vector<UsersList> Lists;
  std::vector<UserEntry> UserEntries;
  std::optional<Problem> Held;
  /// A held reference to a name not defined before its node, and the first
  /// later node of that name.
  std::optional<StringRef> PendingRef;
  std::optional<size_t> RefFound;
  SMLoc RefFoundLoc;

  /// The node being read.
  struct {
    Field Name, Op, Target, Args, Kwargs, Users;
    bool Unknown = false;
    StringRef UnknownKey;
    SMRange UnknownRange;
  } F;
  std::vector<rt::Arg> ArgValues;
  std::optional<ArgProblem> ArgsProblem;
  std::vector<Entry> KwEntries;
  UsersList CurrentUsers;
  std::vector<PathStep> Path;
};

} // namespace detail
} // namespace graphio
} // namespace bpat

#endif // BPAT_LIB_GRAPHIO_GRAPHBUILDER_H
