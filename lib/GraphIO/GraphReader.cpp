//===- GraphReader.cpp - Graph JSON into rt::Graph ------------------------===//
//
// One pass with the pull reader (bpat/Support/JSONReader.h), no JSON tree:
// a node's members are converted as they come, and when its object closes
// the node is checked in a fixed order (unknown keys, missing keys, name,
// op, target, args, kwargs, users) and added to the graph, so the error
// reported does not depend on the order of the keys. The first problem is
// held while the reader reads on, so that a syntax error anywhere in the
// file, then a problem of the top level, win over it, as when the file was
// parsed whole first. After a reference to a name not defined before, the
// rest of "nodes" is read for names only, to say whether the name comes
// later or not at all. `users` lists are checked last, against the users
// the graph derived from args and kwargs. Arguments are GraphArgs.cpp's.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/GraphReader.h"
#include "GraphBuilder.h"
#include "bpat/Support/InputFile.h"

#include <algorithm>

using namespace llvm;

namespace bpat {
namespace graphio {
namespace detail {

void GraphBuilder::reset() {
  G = rt::Graph();
  Ids.clear();
  NameLocs.clear();
  Lists.clear();
  UserEntries.clear();
  Held.reset();
  PendingRef.reset();
  RefFound.reset();
}

void GraphBuilder::hold(SMRange Range, const Twine &Message, SMLoc NoteLoc,
                        const Twine &Note) {
  if (!Held)
    Held = Problem{Range, Message.str(), NoteLoc, Note.str()};
}

std::optional<rt::Graph> GraphBuilder::read() {
  std::optional<Kind> K = R.peek();
  if (!K)
    return std::nullopt;
  SMRange Top = at(R.loc());
  if (*K != Kind::Object) {
    if (R.finish())
      Diags.error(Top, "the top level is not an object (expected "
                       "{\"nodes\": [...]})");
    return std::nullopt;
  }
  bool SawNodes = false;
  std::optional<std::pair<StringRef, SMRange>> Unknown;
  StringRef Key;
  if (R.enterObject())
    while (R.nextMember(Key)) {
      if (Key == "nodes") { // the last "nodes" counts
        SawNodes = true;
        reset();
        if (!readNodes())
          break;
        continue;
      }
      if (!Unknown || Key < Unknown->first)
        Unknown.emplace(Key, R.lastRange());
      if (!R.skipValue())
        break;
    }
  if (!R.finish())
    return std::nullopt;
  if (Unknown) {
    Diags.error(Unknown->second, "unknown top-level key " +
                                     quote(Unknown->first) +
                                     " (expected only \"nodes\")");
    return std::nullopt;
  }
  if (!SawNodes) {
    Diags.error(Top, "missing \"nodes\" at the top level");
    return std::nullopt;
  }
  if (Held) {
    InFlightDiagnostic D = Diags.error(Held->Range, Held->Message);
    if (Held->NoteLoc.isValid())
      D.note(at(Held->NoteLoc), Held->Note);
    return std::nullopt;
  }
  if (!checkUsers())
    return std::nullopt;
  return std::move(G);
}

bool GraphBuilder::readNodes() {
  std::optional<Kind> K = R.peek();
  if (!K)
    return false;
  if (*K != Kind::Array) {
    hold(at(R.loc()), "\"nodes\" is not a list");
    return R.skipValue();
  }
  if (!R.enterArray())
    return false;
  for (size_t Index = 0; R.nextElement(); ++Index) {
    bool OK = !Held        ? readNode(Index)
              : PendingRef ? scanName(Index)
                           : R.skipValue();
    if (!OK)
      return false;
  }
  if (R.failed())
    return false;
  if (PendingRef && RefFound) {
    std::string Later = "node " + std::to_string(*RefFound);
    Held->Message += " refers to node " + quote(*PendingRef) +
                     ", which is defined after it (" + Later + ")";
    Held->NoteLoc = RefFoundLoc;
    Held->Note = Later + " is here";
  } else if (PendingRef) {
    Held->Message += " refers to unknown node " + quote(*PendingRef);
  }
  return true;
}

/// After a reference to a name not defined before: finds the first later
/// node of that name (its last "name" member, if a string, as llvm::json
/// kept the last of repeated keys).
bool GraphBuilder::scanName(size_t Index) {
  std::optional<Kind> K = R.peek();
  if (!K)
    return false;
  if (*K != Kind::Object)
    return R.skipValue();
  bool HasName = false;
  StringRef Name, Key;
  SMLoc NameLoc;
  if (!R.enterObject())
    return false;
  while (R.nextMember(Key)) {
    if (Key == "name") {
      HasName = R.peek() == Kind::String;
      if (HasName) {
        if (!R.readString(Name))
          return false;
        NameLoc = R.lastRange().Start;
        continue;
      }
    }
    if (!R.skipValue())
      return false;
  }
  if (R.failed())
    return false;
  if (!RefFound && HasName && Name == *PendingRef) {
    RefFound = Index;
    RefFoundLoc = NameLoc;
  }
  return true;
}

bool GraphBuilder::readNode(size_t Index) {
  std::optional<Kind> K = R.peek();
  if (!K)
    return false;
  SMLoc NodeLoc = R.loc();
  if (*K != Kind::Object) {
    hold(at(NodeLoc), "node " + Twine(Index) + ": not an object");
    return R.skipValue();
  }
  F = {};
  ArgValues.clear();
  ArgsProblem.reset();
  KwEntries.clear();
  CurrentUsers = UsersList();
  CurrentUsers.Begin = CurrentUsers.End = UserEntries.size();
  if (!R.enterObject())
    return false;
  StringRef Key;
  while (R.nextMember(Key)) {
    bool OK;
    if (Key == "name")
      OK = readField(F.Name);
    else if (Key == "op")
      OK = readField(F.Op);
    else if (Key == "target")
      OK = readField(F.Target);
    else if (Key == "args")
      OK = readArgs();
    else if (Key == "kwargs")
      OK = readKwargs();
    else if (Key == "users")
      OK = readUsers();
    else {
      if (!F.Unknown || Key < F.UnknownKey) {
        F.Unknown = true;
        F.UnknownKey = Key;
        F.UnknownRange = R.lastRange();
      }
      OK = R.skipValue();
    }
    if (!OK)
      return false;
  }
  if (R.failed())
    return false;
  checkNode(Index, NodeLoc);
  return true;
}

bool GraphBuilder::readField(Field &Out) {
  std::optional<Kind> K = R.peek();
  if (!K)
    return false;
  Out.Present = true;
  Out.K = *K;
  bool OK = *K == Kind::String ? R.readString(Out.Str) : R.skipValue();
  Out.Range = R.lastRange();
  return OK;
}

bool GraphBuilder::readUsers() {
  std::optional<Kind> K = R.peek();
  if (!K)
    return false;
  F.Users = {true, *K, at(R.loc()), {}};
  UserEntries.resize(CurrentUsers.Begin);
  CurrentUsers.Present = true;
  CurrentUsers.Loc = R.loc();
  if (*K != Kind::Array)
    return R.skipValue();
  if (!R.enterArray())
    return false;
  while (R.nextElement()) {
    std::optional<Kind> E = R.peek();
    if (!E)
      return false;
    const char *Loc = R.loc().getPointer();
    StringRef Name;
    if (!(*E == Kind::String ? R.readString(Name) : R.skipValue()))
      return false;
    UserEntries.push_back({Name, Loc});
  }
  CurrentUsers.End = UserEntries.size();
  return !R.failed();
}

void GraphBuilder::holdArgProblem(ArgProblem &P, const std::string &Place) {
  if (!P.RefName)
    return hold(P.Range, Place + P.Message);
  if (*P.RefName == F.Name.Str)
    return hold(P.Range, Place + P.Message + " refers to the node itself");
  hold(P.Range, Place + P.Message); // finished when "nodes" is read
  PendingRef = P.RefName;
}

void GraphBuilder::checkNode(size_t Index, SMLoc NodeLoc) {
  // Messages name the node: "node 1 (\"conv1\"): ".
  auto Place = [&] {
    std::string Text = "node " + std::to_string(Index);
    if (F.Name.Present && F.Name.K == Kind::String)
      Text += " (" + quote(F.Name.Str) + ")";
    return Text + ": ";
  };
  if (F.Unknown)
    return hold(F.UnknownRange,
                Place() + "unknown key " + quote(F.UnknownKey) +
                    " (expected name, op, target, args, kwargs, users)");
  std::pair<const Field *, const char *> Required[] = {{&F.Name, "name"},
                                                       {&F.Op, "op"},
                                                       {&F.Target, "target"},
                                                       {&F.Args, "args"},
                                                       {&F.Kwargs, "kwargs"}};
  for (const auto &[Member, Name] : Required)
    if (!Member->Present)
      return hold(at(NodeLoc), Place() + "missing \"" + Name + "\"");

  if (F.Name.K != Kind::String)
    return hold(F.Name.Range, Place() + "\"name\" is not a string");
  if (F.Name.Str.empty())
    return hold(F.Name.Range, Place() + "\"name\" is empty");
  // Entered now: a node with a problem is the last one read.
  auto [Taken, IsNew] = Ids.try_emplace(F.Name.Str, G.size());
  if (!IsNew)
    return hold(F.Name.Range,
                Place() + "duplicate name " + quote(F.Name.Str) +
                    " (already the name of node " + Twine(Taken->second) + ")",
                NameLocs[Taken->second],
                "node " + Twine(Taken->second) + " is here");

  if (F.Op.K != Kind::String)
    return hold(F.Op.Range, Place() + "\"op\" is not a string");
  std::optional<rt::NodeOp> Op =
      rt::parseNodeOp(std::string_view(F.Op.Str.data(), F.Op.Str.size()));
  if (!Op)
    return hold(F.Op.Range, Place() + "unknown op kind " + quote(F.Op.Str) +
                                " (expected placeholder, get_attr, "
                                "call_function, call_method, call_module or "
                                "output)");

  if (F.Target.K != Kind::String)
    return hold(F.Target.Range, Place() + "\"target\" is not a string");
  if (F.Target.Str.empty() &&
      (*Op == rt::NodeOp::CallFunction || *Op == rt::NodeOp::CallMethod ||
       *Op == rt::NodeOp::CallModule))
    return hold(F.Target.Range, Place() + "\"target\" is empty");

  if (F.Args.K != Kind::Array)
    return hold(F.Args.Range, Place() + "\"args\" is not a list");
  if (ArgsProblem)
    return holdArgProblem(*ArgsProblem, Place());
  if (F.Kwargs.K != Kind::Object)
    return hold(F.Kwargs.Range, Place() + "\"kwargs\" is not an object");
  for (Entry &E : KwEntries)
    if (E.Problem)
      return holdArgProblem(*E.Problem, Place());
  if (F.Users.Present && F.Users.K != Kind::Array)
    return hold(F.Users.Range, Place() + "\"users\" is not a list");

  rt::GraphNode N;
  N.Name = F.Name.Str.str();
  N.Op = *Op;
  N.Target = F.Target.Str.str();
  N.Args = std::move(ArgValues);
  N.Kwargs.reserve(KwEntries.size());
  for (Entry &E : KwEntries)
    N.Kwargs.emplace_back(E.Key.str(), std::move(E.Value));
  rt::Expected<rt::NodeId> Added = G.addNode(std::move(N));
  if (!Added) // not expected after the checks above
    return hold(at(NodeLoc), Place() + Added.message());
  NameLocs.push_back(F.Name.Range.Start);
  Lists.push_back(CurrentUsers);
}

/// Where `User` refers to `Used` in its args or kwargs ("args[1]"), for
/// messages.
static std::string firstUse(const rt::GraphNode &User, rt::NodeId Used) {
  bool Found = false;
  auto Visit = [&](rt::NodeId N) { Found |= N == Used; };
  for (size_t I = 0; I != User.Args.size(); ++I) {
    rt::forEachNodeRef(User.Args[I], Visit);
    if (Found)
      return "args[" + std::to_string(I) + "]";
  }
  for (const auto &KV : User.Kwargs) {
    rt::forEachNodeRef(KV.second, Visit);
    if (Found)
      return "kwargs[" + quote(KV.first) + "]";
  }
  return "its arguments";
}

bool GraphBuilder::checkUsers() {
  // Listed[U] == Id + 1: node Id's list has named U.
  std::vector<uint32_t> Listed(G.size(), 0);
  for (rt::NodeId Id = 0; Id != G.size(); ++Id) {
    const UsersList &L = Lists[Id];
    if (!L.Present)
      continue;
    const rt::GraphNode &N = G.node(Id);
    auto Place = [&] {
      return "node " + std::to_string(Id) + " (" + quote(N.Name) + "): ";
    };
    for (uint32_t I = L.Begin; I != L.End; ++I) {
      const UserEntry &U = UserEntries[I];
      SMLoc Loc = SMLoc::getFromPointer(U.Loc);
      // The whole string when it is as written (no escapes).
      SMRange Range =
          U.Name.data() == U.Loc + 1
              ? SMRange(Loc, SMLoc::getFromPointer(U.Loc + U.Name.size() + 2))
              : at(Loc);
      auto Item = [&] { return "users[" + std::to_string(I - L.Begin) + "]"; };
      if (!U.Name.data()) {
        Diags.error(Range, Place() + Item() + " is not a string");
        return false;
      }
      std::optional<rt::NodeId> Found = find(U.Name, Id + 1);
      if (!Found) {
        Diags.error(Range,
                    Place() + Item() + " names unknown node " + quote(U.Name));
        return false;
      }
      rt::NodeId User = *Found;
      if (Listed[User] == Id + 1) {
        Diags.error(Range, Place() + "users lists " + quote(U.Name) + " twice");
        return false;
      }
      if (!std::binary_search(N.Users.begin(), N.Users.end(), User)) {
        Diags.error(Range, Place() + "users lists " + quote(U.Name) +
                               ", which does not use it in its args or "
                               "kwargs");
        return false;
      }
      Listed[User] = Id + 1;
    }
    for (rt::NodeId User : N.Users)
      if (Listed[User] != Id + 1) {
        Diags.error(at(L.Loc),
                    Place() + "users omits " + quote(G.node(User).Name) +
                        ", which uses it in " + firstUse(G.node(User), Id));
        return false;
      }
  }
  return true;
}

} // namespace detail

using detail::GraphBuilder;

std::optional<rt::Graph> readGraph(unsigned BufferID, DiagnosticEngine &Diags) {
  return GraphBuilder(Diags, BufferID).read();
}

std::optional<rt::Graph> parseGraphJSON(StringRef Text, StringRef FileName,
                                        DiagnosticEngine &Diags) {
  unsigned ID = Diags.getSourceMgr().AddNewSourceBuffer(
      MemoryBuffer::getMemBufferCopy(Text, FileName), SMLoc());
  return readGraph(ID, Diags);
}

std::optional<rt::Graph> readGraphFile(StringRef Path,
                                       DiagnosticEngine &Diags) {
  Expected<std::unique_ptr<MemoryBuffer>> Buffer = readInputFile(Path);
  if (!Buffer) {
    Diags.errorNoLoc(toString(Buffer.takeError()));
    return std::nullopt;
  }
  unsigned ID =
      Diags.getSourceMgr().AddNewSourceBuffer(std::move(*Buffer), SMLoc());
  return readGraph(ID, Diags);
}

} // namespace graphio
} // namespace bpat