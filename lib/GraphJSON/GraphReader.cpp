//===- GraphReader.cpp - Graph JSON into rt::Graph ------------------------===//
//
// Plain C++17 (no LLVM), installed as part of bpat::GraphJSON.
//
// One pass with the pull reader (bpat/GraphJSON/JSONCursor.h), no JSON tree:
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

#include "GraphBuilder.h"
#include "bpat/GraphJSON/GraphJSON.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace bpat {
namespace graphio {
namespace detail {

void GraphBuilder::reset() {
  g = rt::Graph();
  nameLocs.clear();
  lists.clear();
  userEntries.clear();
  held.reset();
  pendingRef.reset();
  refFound.reset();
}

void GraphBuilder::hold(SMRange range, std::string message, SMLoc noteLoc,
                        std::string note) {
  if (!held)
    held = Problem{range, std::move(message), noteLoc, std::move(note)};
}

void GraphBuilder::report(SMRange range, std::string message) {
  *problem =
      TextProblem{range.start, range.end, std::move(message), nullptr, {}};
}

std::optional<rt::Graph> GraphBuilder::read(TextProblem &out) {
  problem = &out;
  std::optional<rt::Graph> graph = readAll();
  if (r.failed())
    out = *r.problem();
  return graph;
}

std::optional<rt::Graph> GraphBuilder::readAll() {
  std::optional<Kind> k = r.peek();
  if (!k)
    return std::nullopt;
  SMRange top = at(r.loc());
  if (*k != Kind::Object) {
    if (r.finish())
      report(top, "the top level is not an object (expected "
                  "{\"nodes\": [...]})");
    return std::nullopt;
  }
  bool sawNodes = false;
  std::optional<std::pair<StringRef, SMRange>> unknown;
  StringRef key;
  if (r.enterObject())
    while (r.nextMember(key)) {
      if (key == "nodes") { // the last "nodes" counts
        sawNodes = true;
        reset();
        if (!readNodes())
          break;
        continue;
      }
      if (!unknown || key < unknown->first)
        unknown.emplace(key, lastRange());
      if (!r.skipValue())
        break;
    }
  if (!r.finish())
    return std::nullopt;
  if (unknown) {
    report(unknown->second, "unknown top-level key " + quote(unknown->first) +
                                " (expected only \"nodes\")");
    return std::nullopt;
  }
  if (!sawNodes) {
    report(top, "missing \"nodes\" at the top level");
    return std::nullopt;
  }
  if (held) {
    *problem = TextProblem{held->range.start, held->range.end,
                           std::move(held->message), held->noteLoc,
                           std::move(held->note)};
    return std::nullopt;
  }
  if (!checkUsers())
    return std::nullopt;
  g.shrinkToFit();
  return std::move(g);
}

bool GraphBuilder::readNodes() {
  std::optional<Kind> k = r.peek();
  if (!k)
    return false;
  if (*k != Kind::Array) {
    hold(at(r.loc()), "\"nodes\" is not a list");
    return r.skipValue();
  }
  if (!r.enterArray())
    return false;
  for (size_t index = 0; r.nextElement(); ++index) {
    bool ok = !held        ? readNode(index)
              : pendingRef ? scanName(index)
                           : r.skipValue();
    if (!ok)
      return false;
  }
  if (r.failed())
    return false;
  if (pendingRef && refFound) {
    std::string later = "node " + std::to_string(*refFound);
    held->message += " refers to node " + quote(*pendingRef) +
                     ", which is defined after it (" + later + ")";
    held->noteLoc = refFoundLoc;
    held->note = later + " is here";
  } else if (pendingRef) {
    held->message += " refers to unknown node " + quote(*pendingRef);
  }
  return true;
}

/// After a reference to a name not defined before: finds the first later
/// node of that name (its last "name" member, if a string, as llvm::json
/// kept the last of repeated keys).
bool GraphBuilder::scanName(size_t index) {
  std::optional<Kind> k = r.peek();
  if (!k)
    return false;
  if (*k != Kind::Object)
    return r.skipValue();
  bool hasName = false;
  StringRef name, key;
  SMLoc nameLoc = nullptr;
  if (!r.enterObject())
    return false;
  while (r.nextMember(key)) {
    if (key == "name") {
      hasName = r.peek() == Kind::String;
      if (hasName) {
        if (!r.readString(name))
          return false;
        nameLoc = lastRange().start;
        continue;
      }
    }
    if (!r.skipValue())
      return false;
  }
  if (r.failed())
    return false;
  if (!refFound && hasName && name == *pendingRef) {
    refFound = index;
    refFoundLoc = nameLoc;
  }
  return true;
}

bool GraphBuilder::readNode(size_t index) {
  std::optional<Kind> k = r.peek();
  if (!k)
    return false;
  SMLoc nodeLoc = r.loc();
  if (*k != Kind::Object) {
    hold(at(nodeLoc), "node " + std::to_string(index) + ": not an object");
    return r.skipValue();
  }
  f = {};
  argValues.clear();
  argsProblem.reset();
  kwEntries.clear();
  elementPool.clear();
  listDepth = entryDepth = 0;
  currentUsers = UsersList();
  currentUsers.begin = currentUsers.end = userEntries.size();
  if (!r.enterObject())
    return false;
  StringRef key;
  while (r.nextMember(key)) {
    bool ok;
    if (key == "name")
      ok = readField(f.name);
    else if (key == "op")
      ok = readField(f.op);
    else if (key == "target")
      ok = readField(f.target);
    else if (key == "args")
      ok = readArgs();
    else if (key == "kwargs")
      ok = readKwargs();
    else if (key == "users")
      ok = readUsers();
    else {
      if (!f.unknown || key < f.unknownKey) {
        f.unknown = true;
        f.unknownKey = key;
        f.unknownRange = lastRange();
      }
      ok = r.skipValue();
    }
    if (!ok)
      return false;
  }
  if (r.failed())
    return false;
  checkNode(index, nodeLoc);
  return true;
}

bool GraphBuilder::readField(Field &out) {
  std::optional<Kind> k = r.peek();
  if (!k)
    return false;
  out.present = true;
  out.k = *k;
  bool ok = *k == Kind::String ? r.readString(out.str) : r.skipValue();
  out.range = lastRange();
  return ok;
}

bool GraphBuilder::readUsers() {
  std::optional<Kind> k = r.peek();
  if (!k)
    return false;
  f.users = {true, *k, at(r.loc()), {}};
  userEntries.resize(currentUsers.begin);
  currentUsers.loc = r.loc();
  if (*k != Kind::Array)
    return r.skipValue();
  if (!r.enterArray())
    return false;
  while (r.nextElement()) {
    std::optional<Kind> e = r.peek();
    if (!e)
      return false;
    const char *loc = r.loc();
    StringRef name;
    if (!(*e == Kind::String ? r.readString(name) : r.skipValue()))
      return false;
    userEntries.push_back({name, loc});
  }
  currentUsers.end = userEntries.size();
  return !r.failed();
}

void GraphBuilder::holdArgProblem(ArgProblem &p, const std::string &place) {
  if (!p.refName)
    return hold(p.range, place + p.message);
  if (*p.refName == f.name.str)
    return hold(p.range, place + p.message + " refers to the node itself");
  hold(p.range, place + p.message); // finished when "nodes" is read
  pendingRef = p.refName;
}

/// Holds the problem of a node whose name is taken, if it is.
bool GraphBuilder::holdDuplicate(const std::string &place) {
  std::optional<rt::NodeId> taken = g.find(f.name.str);
  if (!taken)
    return false;
  hold(f.name.range,
       place + "duplicate name " + quote(f.name.str) +
           " (already the name of node " + std::to_string(*taken) + ")",
       nameLocs[*taken], "node " + std::to_string(*taken) + " is here");
  return true;
}

void GraphBuilder::checkNode(size_t index, SMLoc nodeLoc) {
  // Messages name the node: "node 1 (\"conv1\"): ".
  auto place = [&] {
    std::string text = "node " + std::to_string(index);
    if (f.name.present && f.name.k == Kind::String)
      text += " (" + quote(f.name.str) + ")";
    return text + ": ";
  };
  if (f.unknown)
    return hold(f.unknownRange,
                place() + "unknown key " + quote(f.unknownKey) +
                    " (expected name, op, target, args, kwargs, users)");
  std::pair<const Field *, const char *> required[] = {{&f.name, "name"},
                                                       {&f.op, "op"},
                                                       {&f.target, "target"},
                                                       {&f.args, "args"},
                                                       {&f.kwargs, "kwargs"}};
  for (const auto &[Member, Name] : required)
    if (!Member->present)
      return hold(at(nodeLoc), place() + "missing \"" + Name + "\"");

  if (f.name.k != Kind::String)
    return hold(f.name.range, place() + "\"name\" is not a string");
  if (f.name.str.empty())
    return hold(f.name.range, place() + "\"name\" is empty");
  // The name is looked up once, by addNode, when the node has no other
  // problem; a duplicate name still wins over the problems checked after it.
  auto holdAfterName = [&](SMRange range, std::string message) {
    if (!holdDuplicate(place()))
      hold(range, std::move(message));
  };
  if (f.op.k != Kind::String)
    return holdAfterName(f.op.range, place() + "\"op\" is not a string");
  std::optional<rt::NodeOp> op =
      rt::parseNodeOp(std::string_view(f.op.str.data(), f.op.str.size()));
  if (!op)
    return holdAfterName(f.op.range,
                         place() + "unknown op kind " + quote(f.op.str) +
                             " (expected placeholder, get_attr, "
                             "call_function, call_method, call_module or "
                             "output)");

  if (f.target.k != Kind::String)
    return holdAfterName(f.target.range,
                         place() + "\"target\" is not a string");
  if (f.target.str.empty() &&
      (*op == rt::NodeOp::CallFunction || *op == rt::NodeOp::CallMethod ||
       *op == rt::NodeOp::CallModule))
    return holdAfterName(f.target.range, place() + "\"target\" is empty");

  if (f.args.k != Kind::Array)
    return holdAfterName(f.args.range, place() + "\"args\" is not a list");
  if (argsProblem) {
    if (!holdDuplicate(place()))
      holdArgProblem(*argsProblem, place());
    return;
  }
  if (f.kwargs.k != Kind::Object)
    return holdAfterName(f.kwargs.range,
                         place() + "\"kwargs\" is not an object");
  if (Entry *e = firstProblemByKey(kwEntries)) {
    if (!holdDuplicate(place()))
      holdArgProblem(*e->problem, place());
    return;
  }
  if (f.users.present && f.users.k != Kind::Array)
    return holdAfterName(f.users.range, place() + "\"users\" is not a list");

  kwValues.clear();
  for (Entry &e : kwEntries) {
    kwValues.push_back(e.value);
    kwValues.back().key = e.key;
  }
  rt::NodeInput n;
  n.name = f.name.str;
  n.op = *op;
  n.target = f.target.str;
  n.args = argValues.data();
  n.numArgs = argValues.size();
  n.kwargs = kwValues.data();
  n.numKwargs = kwValues.size();
  n.elements = elementPool.data();
  rt::Expected<rt::NodeId> added = g.addNode(n);
  if (!added) { // a duplicate name; nothing else is expected here
    if (!holdDuplicate(place()))
      hold(at(nodeLoc), place() + added.message());
    return;
  }
  nameLocs.push_back(f.name.range.start);
  lists.push_back(currentUsers);
}

/// Where `User` refers to `Used` in its args or kwargs ("args[1]"), for
/// messages.
static std::string firstUse(rt::NodeView user, rt::NodeId used) {
  bool found = false;
  auto visit = [&](rt::NodeId n) { found |= n == used; };
  rt::NodeView::Args args = user.args();
  for (size_t i = 0; i != args.size(); ++i) {
    rt::forEachNodeRef(args[i], visit);
    if (found)
      return "args[" + std::to_string(i) + "]";
  }
  for (rt::KwargView kv : user.kwargs()) {
    rt::forEachNodeRef(kv.second, visit);
    if (found)
      return "kwargs[" + quote(kv.first) + "]";
  }
  return "its arguments";
}

bool GraphBuilder::checkUsers() {
  // Derived[U] == Id + 1: U uses node Id (in its args or kwargs);
  // Listed[U] == Id + 1: node Id's list has named U.
  std::vector<uint32_t> derived(g.size(), 0), listed(g.size(), 0);
  for (rt::NodeId id = 0; id != g.size(); ++id) {
    const UsersList &l = lists[id];
    if (!l.loc)
      continue;
    rt::NodeView n = g.node(id);
    for (rt::NodeId user : n.users())
      derived[user] = id + 1;
    auto place = [&] {
      return "node " + std::to_string(id) + " (" + quote(n.name()) + "): ";
    };
    for (uint32_t i = l.begin; i != l.end; ++i) {
      const UserEntry &u = userEntries[i];
      SMLoc loc = u.loc;
      // The whole string when it is as written (no escapes).
      SMRange range = u.name.data() == u.loc + 1
                          ? SMRange{loc, u.loc + u.name.size() + 2}
                          : at(loc);
      auto item = [&] { return "users[" + std::to_string(i - l.begin) + "]"; };
      if (!u.name.data()) {
        report(range, place() + item() + " is not a string");
        return false;
      }
      std::optional<rt::NodeId> found = find(u.name, id + 1);
      if (!found) {
        report(range,
               place() + item() + " names unknown node " + quote(u.name));
        return false;
      }
      rt::NodeId user = *found;
      if (listed[user] == id + 1) {
        report(range, place() + "users lists " + quote(u.name) + " twice");
        return false;
      }
      if (derived[user] != id + 1) {
        report(range, place() + "users lists " + quote(u.name) +
                          ", which does not use it in its args or "
                          "kwargs");
        return false;
      }
      listed[user] = id + 1;
    }
    for (rt::NodeId user : n.users())
      if (listed[user] != id + 1) {
        report(at(l.loc), place() + "users omits " + quote(g.name(user)) +
                              ", which uses it in " +
                              firstUse(g.node(user), id));
        return false;
      }
  }
  return true;
}

} // namespace detail

using detail::GraphBuilder;

GraphParse parseGraph(std::string_view text) {
  GraphParse result;
  result.graph = GraphBuilder(text).read(result.problem);
  return result;
}

rt::Expected<rt::Graph> readGraphJSON(std::string_view text,
                                      std::string_view fileName) {
  GraphParse parsed = parseGraph(text);
  if (!parsed.graph)
    return rt::Error::failure(
        formatTextProblem(parsed.problem, text, fileName));
  return std::move(*parsed.graph);
}

rt::Expected<rt::Graph> readGraphJSONFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf()))
    return rt::Error::failure(path + ": cannot read the file");
  return readGraphJSON(text.str(), path);
}

} // namespace graphio
} // namespace bpat
