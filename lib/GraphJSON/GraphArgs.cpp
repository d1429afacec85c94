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
bool GraphBuilder::readList(std::vector<rt::Arg> &out,
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
    rt::Arg a;
    bool ok = readArg(a, p);
    path.pop_back();
    if (!ok)
      return false;
    if (!p)
      out.push_back(std::move(a));
  }
  return !r.failed();
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

bool GraphBuilder::readArg(rt::Arg &out, std::optional<ArgProblem> &p) {
  std::optional<Kind> k = r.peek();
  if (!k)
    return false;
  switch (*k) {
  case Kind::Null:
    out = rt::Arg::makeLiteral(rt::Literal::none());
    return r.readNull();
  case Kind::Bool: {
    bool b;
    if (!r.readBool(b))
      return false;
    out = rt::Arg::makeLiteral(rt::Literal::boolean(b));
    return true;
  }
  case Kind::Number: {
    JSONCursor::Number n;
    if (!r.readNumber(n))
      return false;
    rt::Literal l = n.intValue ? rt::Literal::integer(*n.intValue)
                               : rt::Literal::floating(n.value);
    if (!n.intValue)
      l.str = std::string(n.spelling); // written back as it was
    out = rt::Arg::makeLiteral(std::move(l));
    return true;
  }
  case Kind::String: {
    StringRef s;
    if (!r.readString(s))
      return false;
    out = rt::Arg::makeLiteral(rt::Literal::string(std::string(s)));
    return true;
  }
  case Kind::Array: {
    std::vector<rt::Arg> elements;
    size_t count;
    if (!readList(elements, p, PathStep::Element, count))
      return false;
    out = rt::Arg::makeList(std::move(elements));
    return true;
  }
  case Kind::Object:
    return readArgObject(out, p);
  }
  return false;
}

/// {"node": NAME}, {"literal": REPR}, {"dict": {...}} or {"slice": [...]}.
bool GraphBuilder::readArgObject(rt::Arg &out, std::optional<ArgProblem> &p) {
  enum { Node, Literal, Dict, Slice, NumForms };
  static const char *const formKeys[NumForms] = {"node", "literal", "dict",
                                                 "slice"};
  struct Form {
    bool seen = false;
    rt::Arg value;
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
      if (std::optional<rt::NodeId> id = find(name, g.size() - 2))
        m.value = rt::Arg::makeNode(*id);
      else
        m.problem = ArgProblem{lastRange(), pathText(), name};
    } else if (which == Literal && *k == Kind::String) {
      StringRef repr;
      ok = r.readString(repr);
      m.value = rt::Arg::makeLiteral(rt::Literal::repr(std::string(repr)));
    } else if (which == Dict && *k == Kind::Object) {
      std::vector<Entry> entries;
      ok = readEntries(entries, PathStep::Dict);
      std::vector<std::string> keys;
      std::vector<rt::Arg> values;
      if (Entry *e = firstProblemByKey(entries))
        m.problem = std::move(e->problem);
      for (Entry &e : entries) {
        keys.push_back(std::string(e.key));
        values.push_back(std::move(e.value));
      }
      m.value = rt::Arg::makeDict(std::move(keys), std::move(values));
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
    out.push_back({key, rt::Arg(), std::nullopt});
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

bool GraphBuilder::readSlice(rt::Arg &out, std::optional<ArgProblem> &p,
                             SMLoc start) {
  std::vector<rt::Arg> values;
  std::optional<ArgProblem> first;
  size_t count;
  if (!readList(values, first, PathStep::Slice, count))
    return false;
  if (count != 3) // checked before the elements
    p = argProblem(at(start),
                   ": {\"slice\": ...} needs a list [start, stop, step]");
  else
    p = std::move(first);
  out = rt::Arg::makeSlice(std::move(values));
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
