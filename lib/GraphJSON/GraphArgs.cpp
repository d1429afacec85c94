//===- GraphArgs.cpp - Arguments of graph nodes ---------------------------===//
//
// The args and kwargs of a node, converted as they are read: literals as
// written, lists, {"node": NAME} resolved against the nodes read so far,
// dicts and kwargs in the order written (a repeated key keeps its first
// place and its last value), slices. The
// first problem of an argument is kept with its path ("args[0].dict[\"b\"]")
// and the node is checked when its object closes (GraphReader.cpp).
//
//===----------------------------------------------------------------------===//

#include "GraphBuilder.h"

#include <algorithm>

namespace bpat {
namespace graphio {
namespace detail {

bool GraphBuilder::readArgs() {
  std::optional<Kind> k = r.peek();
  if (!k)
    return false;
  f.args = {true, *k, at(r.loc()), {}};
  argValues.clear();
  argsProblem.reset();
  if (*k != Kind::Array)
    return r.skipValue();
  size_t count;
  return readList(argValues, argsProblem, PathStep::Arg, count);
}

/// The elements of the array at the cursor, up to the first problem (the
/// rest is only read); `Count` is the number of elements.
bool GraphBuilder::readList(std::vector<rt::FlatArg> &out,
                            std::optional<ArgProblem> &p,
                            PathStep::StepKind step, size_t &count) {
  if (!r.enterArray())
    return false;
  for (count = 0; r.nextElement(); ++count) {
    if (p) {
      if (!r.skipValue())
        return false;
      continue;
    }
    path.push_back({step, count, {}});
    rt::FlatArg a;
    bool ok = readArg(a, p);
    path.pop_back();
    if (!ok)
      return false;
    if (!p)
      out.push_back(a);
  }
  return !r.failed();
}

rt::FlatArg GraphBuilder::poolList(rt::FlatArg::Kind k,
                                   std::vector<rt::FlatArg> &values) {
  rt::FlatArg list;
  list.k = k;
  list.begin = static_cast<uint32_t>(elementPool.size());
  list.count = static_cast<uint32_t>(values.size());
  elementPool.insert(elementPool.end(), values.begin(), values.end());
  return list;
}

/// A scratch vector of a depth, cleared; given back by `--Depth`.
template <typename T>
static std::vector<T> &level(std::deque<std::vector<T>> &levels,
                             size_t &depth) {
  if (depth == levels.size())
    levels.emplace_back();
  std::vector<T> &v = levels[depth++];
  v.clear();
  return v;
}

bool GraphBuilder::readKwargs() {
  std::optional<Kind> k = r.peek();
  if (!k)
    return false;
  f.kwargs = {true, *k, at(r.loc()), {}};
  kwEntries.clear();
  if (*k != Kind::Object)
    return r.skipValue();
  return readEntries(kwEntries, PathStep::Kwarg);
}

bool GraphBuilder::readArg(rt::FlatArg &out, std::optional<ArgProblem> &p) {
  std::optional<Kind> k = r.peek();
  if (!k)
    return false;
  out = rt::FlatArg();
  switch (*k) {
  case Kind::Null:
    out.k = rt::FlatArg::Kind::None;
    return r.readNull();
  case Kind::Bool:
    out.k = rt::FlatArg::Kind::Bool;
    return r.readBool(out.boolValue);
  case Kind::Number: {
    JSONCursor::Number n;
    if (!r.readNumber(n))
      return false;
    if (n.intValue) {
      out.k = rt::FlatArg::Kind::Int;
      out.intValue = *n.intValue;
    } else {
      out.k = rt::FlatArg::Kind::Float;
      out.floatValue = n.value;
      out.str = n.spelling; // written back as it was
    }
    return true;
  }
  case Kind::String:
    out.k = rt::FlatArg::Kind::String;
    return r.readString(out.str);
  case Kind::Array: {
    std::vector<rt::FlatArg> &elements = level(listLevels, listDepth);
    size_t count;
    bool ok = readList(elements, p, PathStep::Element, count);
    out = poolList(rt::FlatArg::Kind::List, elements);
    --listDepth;
    return ok;
  }
  case Kind::Object:
    return readArgObject(out, p);
  }
  return false;
}

/// {"node": NAME}, {"literal": REPR}, {"dict": {...}} or {"slice": [...]}.
bool GraphBuilder::readArgObject(rt::FlatArg &out,
                                 std::optional<ArgProblem> &p) {
  enum { Node, Literal, Dict, Slice, NumForms };
  static const char *const formKeys[NumForms] = {"node", "literal", "dict",
                                                 "slice"};
  struct Form {
    bool seen = false;
    rt::FlatArg value;
    std::optional<ArgProblem> problem;
  } forms[NumForms];
  std::vector<std::pair<StringRef, SMRange>> otherKeys;
  SMLoc start = r.loc();
  if (!r.enterObject())
    return false;
  StringRef key;
  while (r.nextMember(key)) {
    unsigned which = 0;
    while (which != NumForms && key != formKeys[which])
      ++which;
    if (which == NumForms) {
      otherKeys.emplace_back(key, lastRange());
      if (!r.skipValue())
        return false;
      continue;
    }
    Form &m = forms[which];
    m = Form();
    m.seen = true;
    std::optional<Kind> k = r.peek();
    if (!k)
      return false;
    SMLoc valueLoc = r.loc();
    bool ok = true;
    if (which == Node && *k == Kind::String) {
      StringRef name;
      ok = r.readString(name);
      // The two nodes before this one (wrapping past 0 finds none).
      if (std::optional<rt::NodeId> id = find(name, g.size() - 2)) {
        m.value.k = rt::FlatArg::Kind::Node;
        m.value.node = *id;
      } else {
        m.problem = ArgProblem{lastRange(), pathText(), name};
      }
    } else if (which == Literal && *k == Kind::String) {
      m.value.k = rt::FlatArg::Kind::Repr;
      ok = r.readString(m.value.str);
    } else if (which == Dict && *k == Kind::Object) {
      std::vector<Entry> &entries = level(entryLevels, entryDepth);
      ok = readEntries(entries, PathStep::Dict);
      if (Entry *e = firstProblemByKey(entries))
        m.problem = std::move(e->problem);
      std::vector<rt::FlatArg> &values = level(listLevels, listDepth);
      for (Entry &e : entries) {
        values.push_back(e.value);
        values.back().key = e.key;
      }
      m.value = poolList(rt::FlatArg::Kind::Dict, values);
      --listDepth;
      --entryDepth;
    } else if (which == Slice && *k == Kind::Array) {
      ok = readSlice(m.value, m.problem, valueLoc);
    } else {
      ok = r.skipValue();
      static const char *const needs[NumForms] = {
          ": {\"node\": NAME} needs a string NAME",
          ": {\"literal\": REPR} needs a string REPR",
          ": {\"dict\": ...} needs an object",
          ": {\"slice\": ...} needs a list [start, stop, step]"};
      m.problem = argProblem(which == Node || which == Literal ? lastRange()
                                                               : at(valueLoc),
                             needs[which]);
    }
    if (!ok)
      return false;
  }
  if (r.failed())
    return false;

  // Repeated keys count once, as in a JSON object read whole.
  std::sort(otherKeys.begin(), otherKeys.end(),
            [](const auto &a, const auto &b) { return a.first < b.first; });
  size_t distinct = std::unique(otherKeys.begin(), otherKeys.end(),
                                [](const auto &a, const auto &b) {
                                  return a.first == b.first;
                                }) -
                    otherKeys.begin();
  for (const Form &m : forms)
    distinct += m.seen;
  if (distinct != 1) {
    p = argProblem(at(start), ": an argument object must have exactly one key "
                              "(node, literal, dict or slice), this one has " +
                                  std::to_string(distinct));
    return true;
  }
  for (Form &m : forms)
    if (m.seen) {
      out = std::move(m.value);
      p = std::move(m.problem);
      return true;
    }
  p = argProblem(otherKeys.back().second,
                 ": unknown argument form " + quote(otherKeys.back().first) +
                     " (expected {\"node\": NAME}, {\"literal\": REPR}, "
                     "{\"dict\": {...}} or {\"slice\": [start, stop, step]})");
  return true;
}

/// The members of an object in the order written; a repeated key keeps its
/// first place and its last value (as Python's json.loads).
bool GraphBuilder::readEntries(std::vector<Entry> &out,
                               PathStep::StepKind step) {
  if (!r.enterObject())
    return false;
  StringRef key;
  while (r.nextMember(key)) {
    out.push_back({key, rt::FlatArg(), std::nullopt});
    path.push_back({step, 0, key});
    bool ok = readArg(out.back().value, out.back().problem);
    path.pop_back();
    if (!ok)
      return false;
  }
  if (r.failed())
    return false;
  if (out.size() < 2)
    return true;
  // Keys are rarely repeated: sort indices only to find repeats.
  std::vector<size_t> order(out.size());
  for (size_t i = 0; i != order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return out[a].key < out[b].key; });
  std::vector<bool> dropped(out.size(), false);
  bool anyDropped = false;
  for (size_t i = 0; i + 1 < order.size(); ++i) {
    size_t first = order[i];
    size_t j = i;
    while (j + 1 < order.size() && out[order[j + 1]].key == out[first].key)
      ++j;
    if (j == i)
      continue;
    out[first].value = std::move(out[order[j]].value);
    out[first].problem = std::move(out[order[j]].problem);
    for (size_t k = i + 1; k <= j; ++k)
      dropped[order[k]] = anyDropped = true;
    i = j;
  }
  if (!anyDropped)
    return true;
  size_t kept = 0;
  for (size_t i = 0; i != out.size(); ++i)
    if (!dropped[i]) {
      if (kept != i)
        out[kept] = std::move(out[i]);
      ++kept;
    }
  out.resize(kept);
  return true;
}

bool GraphBuilder::readSlice(rt::FlatArg &out, std::optional<ArgProblem> &p,
                             SMLoc start) {
  std::vector<rt::FlatArg> &values = level(listLevels, listDepth);
  std::optional<ArgProblem> first;
  size_t count;
  bool ok = readList(values, first, PathStep::Slice, count);
  out = poolList(rt::FlatArg::Kind::Slice, values);
  --listDepth;
  if (!ok)
    return false;
  if (count != 3) // checked before the elements
    p = argProblem(at(start),
                   ": {\"slice\": ...} needs a list [start, stop, step]");
  else
    p = std::move(first);
  return true;
}

std::string GraphBuilder::pathText() const {
  std::string text;
  for (const PathStep &s : path)
    switch (s.k) {
    case PathStep::Arg:
      text += "args[" + std::to_string(s.index) + "]";
      break;
    case PathStep::Kwarg:
      text += "kwargs[" + quote(s.key) + "]";
      break;
    case PathStep::Element:
      text += "[" + std::to_string(s.index) + "]";
      break;
    case PathStep::Dict:
      text += ".dict[" + quote(s.key) + "]";
      break;
    case PathStep::Slice:
      text += ".slice[" + std::to_string(s.index) + "]";
      break;
    }
  return text;
}

} // namespace detail
} // namespace graphio
} // namespace bpat
