//===- GraphReader.cpp - Graph JSON into rt::Graph ------------------------===//
//
// Two passes over the "nodes" array: the first records every node's name and
// index (so that a reference can be told apart as unknown, forward or to
// itself), the second converts each node and adds it to the graph. `users`
// lists are checked last, against the users the graph derived from args and
// kwargs. Every error is a StringError whose message names the place.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/GraphReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace llvm;

namespace bpat {
namespace graphio {

namespace {

/// Deepest nesting of arrays and objects accepted; llvm::json's parser is
/// recursive, so deeper text is rejected before it is parsed.
constexpr unsigned MaxNesting = 256;

/// A JSON string as it appears in messages.
std::string quote(StringRef S) {
  std::string Out;
  raw_string_ostream OS(Out);
  OS << json::Value(S.str());
  return OS.str();
}

/// Line and column (1-based) of byte `Offset`.
std::pair<unsigned, unsigned> lineColumn(StringRef Text, size_t Offset) {
  unsigned Line = 1, Column = 1;
  for (size_t I = 0; I < Offset && I < Text.size(); ++I) {
    if (Text[I] == '\n') {
      ++Line;
      Column = 1;
    } else {
      ++Column;
    }
  }
  return {Line, Column};
}

/// Finds the first place where arrays/objects nest deeper than MaxNesting.
Optional<size_t> findExcessiveNesting(StringRef Text) {
  unsigned Depth = 0;
  bool InString = false;
  for (size_t I = 0, E = Text.size(); I != E; ++I) {
    char C = Text[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"') {
      InString = true;
    } else if (C == '[' || C == '{') {
      if (++Depth > MaxNesting)
        return I;
    } else if ((C == ']' || C == '}') && Depth) {
      --Depth;
    }
  }
  return None;
}

class Reader {
public:
  explicit Reader(StringRef FileName) : FileName(FileName) {}

  Expected<rt::Graph> read(const json::Value &Root);

private:
  Error fail(const Twine &Message) const {
    std::string Text = FileName.str() + ": ";
    if (!Where.empty())
      Text += Where + ": ";
    Text += Message.str();
    return createStringError(inconvertibleErrorCode(), Text);
  }

  Error readNode(const json::Value &V, size_t Index);
  Expected<rt::Arg> readArg(const json::Value &V, const std::string &Path,
                            unsigned Depth);
  Expected<rt::Arg> readNodeRef(const json::Value &Name,
                                const std::string &Path);
  Error checkUsers();

  StringRef FileName;
  /// The node being read, for messages ("node 3 ("relu")").
  std::string Where;
  /// Every name in the file and the index of its first node.
  StringMap<size_t> FirstIndex;
  /// The node being read (index in the "nodes" array).
  size_t Current = 0;
  rt::Graph G;
  /// The "users" array of each node, if given.
  std::vector<const json::Array *> DeclaredUsers;
};

std::string nodePlace(size_t Index, const json::Object *O) {
  std::string Place = "node " + std::to_string(Index);
  if (O)
    if (Optional<StringRef> Name = O->getString("name"))
      Place += " (" + quote(*Name) + ")";
  return Place;
}

Expected<rt::Graph> Reader::read(const json::Value &Root) {
  const json::Object *Top = Root.getAsObject();
  if (!Top)
    return fail("the top level is not an object (expected {\"nodes\": "
                "[...]})");
  std::vector<std::string> Keys;
  for (const auto &KV : *Top)
    Keys.push_back(KV.first.str());
  llvm::sort(Keys);
  for (const std::string &K : Keys)
    if (K != "nodes")
      return fail("unknown top-level key " + quote(K) +
                  " (expected only \"nodes\")");
  const json::Value *NodesValue = Top->get("nodes");
  if (!NodesValue)
    return fail("missing \"nodes\" at the top level");
  const json::Array *Nodes = NodesValue->getAsArray();
  if (!Nodes)
    return fail("\"nodes\" is not a list");

  for (size_t I = 0, E = Nodes->size(); I != E; ++I)
    if (const json::Object *O = (*Nodes)[I].getAsObject())
      if (Optional<StringRef> Name = O->getString("name"))
        FirstIndex.try_emplace(*Name, I);

  DeclaredUsers.reserve(Nodes->size());
  for (size_t I = 0, E = Nodes->size(); I != E; ++I) {
    Current = I;
    Where = nodePlace(I, (*Nodes)[I].getAsObject());
    if (Error Err = readNode((*Nodes)[I], I))
      return Err;
  }
  if (Error Err = checkUsers())
    return Err;
  return std::move(G);
}

Error Reader::readNode(const json::Value &V, size_t Index) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return fail("not an object");

  static const char *const Known[] = {"name", "op",     "target",
                                      "args", "kwargs", "users"};
  std::vector<std::string> Keys;
  for (const auto &KV : *O)
    Keys.push_back(KV.first.str());
  llvm::sort(Keys);
  for (const std::string &K : Keys)
    if (llvm::find(Known, K) == std::end(Known))
      return fail("unknown key " + quote(K) +
                  " (expected name, op, target, args, kwargs, users)");
  for (const char *K : {"name", "op", "target", "args", "kwargs"})
    if (!O->get(K))
      return fail(Twine("missing \"") + K + "\"");

  rt::GraphNode N;
  Optional<StringRef> Name = O->getString("name");
  if (!Name)
    return fail("\"name\" is not a string");
  if (Name->empty())
    return fail("\"name\" is empty");
  auto First = FirstIndex.find(*Name);
  if (First != FirstIndex.end() && First->second != Index)
    return fail("duplicate name " + quote(*Name) +
                " (already the name of "
                "node " +
                Twine(First->second) + ")");
  N.Name = Name->str();

  Optional<StringRef> Op = O->getString("op");
  if (!Op)
    return fail("\"op\" is not a string");
  std::optional<rt::NodeOp> Kind = rt::parseNodeOp(std::string_view(*Op));
  if (!Kind)
    return fail("unknown op kind " + quote(*Op) +
                " (expected placeholder, get_attr, call_function, "
                "call_method, call_module or output)");
  N.Op = *Kind;

  Optional<StringRef> Target = O->getString("target");
  if (!Target)
    return fail("\"target\" is not a string");
  if (Target->empty() &&
      (N.Op == rt::NodeOp::CallFunction || N.Op == rt::NodeOp::CallMethod ||
       N.Op == rt::NodeOp::CallModule))
    return fail("\"target\" is empty");
  N.Target = Target->str();

  const json::Array *Args = O->getArray("args");
  if (!Args)
    return fail("\"args\" is not a list");
  for (size_t I = 0, E = Args->size(); I != E; ++I) {
    Expected<rt::Arg> A =
        readArg((*Args)[I], "args[" + std::to_string(I) + "]", 1);
    if (!A)
      return A.takeError();
    N.Args.push_back(std::move(*A));
  }

  const json::Object *Kwargs = O->getObject("kwargs");
  if (!Kwargs)
    return fail("\"kwargs\" is not an object");
  std::vector<std::string> KwargNames;
  for (const auto &KV : *Kwargs)
    KwargNames.push_back(KV.first.str());
  llvm::sort(KwargNames); // llvm::json::Object keeps no order
  for (const std::string &K : KwargNames) {
    Expected<rt::Arg> A =
        readArg(*Kwargs->get(K), "kwargs[" + quote(K) + "]", 1);
    if (!A)
      return A.takeError();
    N.Kwargs.emplace_back(K, std::move(*A));
  }

  const json::Array *Users = nullptr;
  if (const json::Value *U = O->get("users")) {
    Users = U->getAsArray();
    if (!Users)
      return fail("\"users\" is not a list");
  }
  DeclaredUsers.push_back(Users);

  rt::Expected<rt::NodeId> Added = G.addNode(std::move(N));
  if (!Added) // not expected after the checks above
    return fail(Added.message());
  return Error::success();
}

Expected<rt::Arg> Reader::readNodeRef(const json::Value &NameValue,
                                      const std::string &Path) {
  Optional<StringRef> Name = NameValue.getAsString();
  if (!Name)
    return fail(Path + ": {\"node\": NAME} needs a string NAME");
  if (std::optional<rt::NodeId> Id = G.find(std::string_view(*Name)))
    return rt::Arg::node(*Id);
  auto It = FirstIndex.find(*Name);
  if (It == FirstIndex.end())
    return fail(Path + " refers to unknown node " + quote(*Name));
  if (It->second == Current)
    return fail(Path + " refers to the node itself");
  return fail(Path + " refers to node " + quote(*Name) +
              ", which is defined after it (node " + Twine(It->second) + ")");
}

Expected<rt::Arg> Reader::readArg(const json::Value &V, const std::string &Path,
                                  unsigned Depth) {
  if (Depth > MaxNesting)
    return fail(Path + ": arguments nested too deeply");
  switch (V.kind()) {
  case json::Value::Null:
    return rt::Arg::literal(rt::Literal::none());
  case json::Value::Boolean:
    return rt::Arg::literal(rt::Literal::boolean(*V.getAsBoolean()));
  case json::Value::Number:
    if (Optional<int64_t> I = V.getAsInteger())
      return rt::Arg::literal(rt::Literal::integer(*I));
    return rt::Arg::literal(rt::Literal::floating(*V.getAsNumber()));
  case json::Value::String:
    return rt::Arg::literal(rt::Literal::string(V.getAsString()->str()));
  case json::Value::Array: {
    std::vector<rt::Arg> Elements;
    const json::Array &A = *V.getAsArray();
    for (size_t I = 0, E = A.size(); I != E; ++I) {
      Expected<rt::Arg> Element =
          readArg(A[I], Path + "[" + std::to_string(I) + "]", Depth + 1);
      if (!Element)
        return Element.takeError();
      Elements.push_back(std::move(*Element));
    }
    return rt::Arg::list(std::move(Elements));
  }
  case json::Value::Object:
    break;
  }

  const json::Object &O = *V.getAsObject();
  if (O.size() != 1)
    return fail(Path +
                ": an argument object must have exactly one key "
                "(node, literal, dict or slice), this one has " +
                Twine(O.size()));
  const auto &Only = *O.begin();
  StringRef Key = Only.first;
  const json::Value &Value = Only.second;
  if (Key == "node")
    return readNodeRef(Value, Path);
  if (Key == "literal") {
    Optional<StringRef> Repr = Value.getAsString();
    if (!Repr)
      return fail(Path + ": {\"literal\": REPR} needs a string REPR");
    return rt::Arg::literal(rt::Literal::string(Repr->str()));
  }
  if (Key == "dict") {
    const json::Object *D = Value.getAsObject();
    if (!D)
      return fail(Path + ": {\"dict\": ...} needs an object");
    std::vector<std::string> Keys;
    for (const auto &KV : *D)
      Keys.push_back(KV.first.str());
    llvm::sort(Keys);
    std::vector<rt::Arg> Values;
    for (const std::string &K : Keys) {
      Expected<rt::Arg> Element =
          readArg(*D->get(K), Path + ".dict[" + quote(K) + "]", Depth + 1);
      if (!Element)
        return Element.takeError();
      Values.push_back(std::move(*Element));
    }
    return rt::Arg::list(std::move(Values));
  }
  if (Key == "slice") {
    const json::Array *S = Value.getAsArray();
    if (!S || S->size() != 3)
      return fail(Path + ": {\"slice\": ...} needs a list [start, stop, step]");
    std::vector<rt::Arg> Values;
    for (size_t I = 0; I != 3; ++I) {
      Expected<rt::Arg> Element = readArg(
          (*S)[I], Path + ".slice[" + std::to_string(I) + "]", Depth + 1);
      if (!Element)
        return Element.takeError();
      Values.push_back(std::move(*Element));
    }
    return rt::Arg::list(std::move(Values));
  }
  return fail(Path + ": unknown argument form " + quote(Key) +
              " (expected {\"node\": NAME}, {\"literal\": REPR}, "
              "{\"dict\": {...}} or {\"slice\": [start, stop, step]})");
}

/// Where `User` refers to `Used` in its args or kwargs ("args[1]"), for
/// messages.
std::string firstUse(const rt::GraphNode &User, rt::NodeId Used) {
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

Error Reader::checkUsers() {
  for (rt::NodeId Id = 0; Id != G.size(); ++Id) {
    const json::Array *Declared = DeclaredUsers[Id];
    if (!Declared)
      continue;
    const rt::GraphNode &N = G.node(Id);
    Current = Id;
    Where = "node " + std::to_string(Id) + " (" + quote(N.Name) + ")";
    std::vector<rt::NodeId> Listed;
    for (size_t I = 0, E = Declared->size(); I != E; ++I) {
      Optional<StringRef> Name = (*Declared)[I].getAsString();
      if (!Name)
        return fail("users[" + Twine(I) + "] is not a string");
      std::optional<rt::NodeId> User = G.find(std::string_view(*Name));
      if (!User)
        return fail("users[" + Twine(I) + "] names unknown node " +
                    quote(*Name));
      if (llvm::is_contained(Listed, *User))
        return fail("users lists " + quote(*Name) + " twice");
      if (!llvm::is_contained(N.Users, *User))
        return fail("users lists " + quote(*Name) +
                    ", which does not use it in its args or kwargs");
      Listed.push_back(*User);
    }
    for (rt::NodeId User : N.Users)
      if (!llvm::is_contained(Listed, User))
        return fail("users omits " + quote(G.node(User).Name) +
                    ", which uses it in " + firstUse(G.node(User), Id));
  }
  return Error::success();
}

} // namespace

Expected<rt::Graph> parseGraphJSON(StringRef Text, StringRef FileName) {
  if (Optional<size_t> Offset = findExcessiveNesting(Text)) {
    auto LC = lineColumn(Text, *Offset);
    return createStringError(inconvertibleErrorCode(),
                             "%s:%u:%u: invalid JSON: nested deeper "
                             "than %u levels",
                             FileName.str().c_str(), LC.first, LC.second,
                             MaxNesting);
  }
  Expected<json::Value> Root = json::parse(Text);
  if (!Root) {
    // llvm::json::ParseError logs as "[line:col, byte=N]: message".
    std::string Log = toString(Root.takeError());
    StringRef Rest = Log;
    unsigned Line = 0, Column = 0;
    if (Rest.consume_front("[") && !Rest.consumeInteger(10, Line) &&
        Rest.consume_front(":") && !Rest.consumeInteger(10, Column)) {
      size_t Colon = Rest.find("]: ");
      if (Colon != StringRef::npos)
        return createStringError(inconvertibleErrorCode(),
                                 "%s:%u:%u: invalid JSON: %s",
                                 FileName.str().c_str(), Line, Column,
                                 Rest.drop_front(Colon + 3).str().c_str());
    }
    return createStringError(inconvertibleErrorCode(), "%s: invalid JSON: %s",
                             FileName.str().c_str(), Log.c_str());
  }
  return Reader(FileName).read(*Root);
}

Expected<rt::Graph> readGraphFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFileOrSTDIN(Path, /*IsText=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(), "%s: cannot read: %s",
                             Path.str().c_str(),
                             Buffer.getError().message().c_str());
  return parseGraphJSON((*Buffer)->getBuffer(), Path == "-" ? "<stdin>" : Path);
}

} // namespace graphio
} // namespace bpat
