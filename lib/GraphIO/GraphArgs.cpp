//===- GraphArgs.cpp - Arguments of graph nodes ---------------------------===//
//
// The args and kwargs of a node, converted as they are read: literals as
// written, lists, {"node": NAME} resolved against the nodes read so far,
// dicts and kwargs in key order (the last of repeated keys), slices. The
// first problem of an argument is kept with its path ("args[0].dict[\"b\"]")
// and the node is checked when its object closes (GraphReader.cpp).
//
//===----------------------------------------------------------------------===//

#include "GraphBuilder.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>

using namespace llvm;

namespace bpat {
namespace graphio {
namespace detail {

bool GraphBuilder::readArgs() {
  std::optional<Kind> K = R.peek();
  if (!K)
    return false;
  F.Args = {true, *K, at(R.loc()), {}};
  ArgValues.clear();
  ArgsProblem.reset();
  if (*K != Kind::Array)
    return R.skipValue();
  size_t Count;
  return readList(ArgValues, ArgsProblem, PathStep::Arg, Count);
}

/// The elements of the array at the cursor, up to the first problem (the
/// rest is only read); `Count` is the number of elements.
bool GraphBuilder::readList(std::vector<rt::Arg> &Out,
                            std::optional<ArgProblem> &P,
                            PathStep::StepKind Step, size_t &Count) {
  if (!R.enterArray())
    return false;
  for (Count = 0; R.nextElement(); ++Count) {
    if (P) {
      if (!R.skipValue())
        return false;
      continue;
    }
    Path.push_back({Step, Count, {}});
    rt::Arg A;
    bool OK = readArg(A, P);
    Path.pop_back();
    if (!OK)
      return false;
    if (!P)
      Out.push_back(std::move(A));
  }
  return !R.failed();
}

bool GraphBuilder::readKwargs() {
  std::optional<Kind> K = R.peek();
  if (!K)
    return false;
  F.Kwargs = {true, *K, at(R.loc()), {}};
  KwEntries.clear();
  if (*K != Kind::Object)
    return R.skipValue();
  return readEntries(KwEntries, PathStep::Kwarg);
}

bool GraphBuilder::readArg(rt::Arg &Out, std::optional<ArgProblem> &P) {
  std::optional<Kind> K = R.peek();
  if (!K)
    return false;
  switch (*K) {
  case Kind::Null:
    Out = rt::Arg::literal(rt::Literal::none());
    return R.readNull();
  case Kind::Bool: {
    bool B;
    if (!R.readBool(B))
      return false;
    Out = rt::Arg::literal(rt::Literal::boolean(B));
    return true;
  }
  case Kind::Number: {
    JSONReader::Number N;
    if (!R.readNumber(N))
      return false;
    Out = rt::Arg::literal(N.Int ? rt::Literal::integer(*N.Int)
                                 : rt::Literal::floating(N.Value));
    return true;
  }
  case Kind::String: {
    StringRef S;
    if (!R.readString(S))
      return false;
    Out = rt::Arg::literal(rt::Literal::string(S.str()));
    return true;
  }
  case Kind::Array: {
    std::vector<rt::Arg> Elements;
    size_t Count;
    if (!readList(Elements, P, PathStep::Element, Count))
      return false;
    Out = rt::Arg::list(std::move(Elements));
    return true;
  }
  case Kind::Object:
    return readArgObject(Out, P);
  }
  return false;
}

/// {"node": NAME}, {"literal": REPR}, {"dict": {...}} or {"slice": [...]}.
bool GraphBuilder::readArgObject(rt::Arg &Out, std::optional<ArgProblem> &P) {
  enum { Node, Literal, Dict, Slice, NumForms };
  static const char *const FormKeys[NumForms] = {"node", "literal", "dict",
                                                 "slice"};
  struct Form {
    bool Seen = false;
    rt::Arg Value;
    std::optional<ArgProblem> Problem;
  } Forms[NumForms];
  SmallVector<std::pair<StringRef, SMRange>, 1> OtherKeys;
  SMLoc Start = R.loc();
  if (!R.enterObject())
    return false;
  StringRef Key;
  while (R.nextMember(Key)) {
    unsigned Which = llvm::find(FormKeys, Key) - std::begin(FormKeys);
    if (Which == NumForms) {
      OtherKeys.emplace_back(Key, R.lastRange());
      if (!R.skipValue())
        return false;
      continue;
    }
    Form &M = Forms[Which];
    M = Form();
    M.Seen = true;
    std::optional<Kind> K = R.peek();
    if (!K)
      return false;
    SMLoc ValueLoc = R.loc();
    bool OK = true;
    if (Which == Node && *K == Kind::String) {
      StringRef Name;
      OK = R.readString(Name);
      // The two nodes before this one (wrapping past 0 finds none).
      if (std::optional<rt::NodeId> Id = find(Name, G.size() - 2))
        M.Value = rt::Arg::node(*Id);
      else
        M.Problem = ArgProblem{R.lastRange(), pathText(), Name};
    } else if (Which == Literal && *K == Kind::String) {
      StringRef Repr;
      OK = R.readString(Repr);
      M.Value = rt::Arg::literal(rt::Literal::string(Repr.str()));
    } else if (Which == Dict && *K == Kind::Object) {
      std::vector<Entry> Entries;
      OK = readEntries(Entries, PathStep::Dict);
      std::vector<rt::Arg> Values;
      for (Entry &E : Entries) {
        if (E.Problem && !M.Problem)
          M.Problem = std::move(E.Problem);
        Values.push_back(std::move(E.Value));
      }
      M.Value = rt::Arg::list(std::move(Values));
    } else if (Which == Slice && *K == Kind::Array) {
      OK = readSlice(M.Value, M.Problem, ValueLoc);
    } else {
      OK = R.skipValue();
      static const char *const Needs[NumForms] = {
          ": {\"node\": NAME} needs a string NAME",
          ": {\"literal\": REPR} needs a string REPR",
          ": {\"dict\": ...} needs an object",
          ": {\"slice\": ...} needs a list [start, stop, step]"};
      M.Problem = argProblem(Which == Node || Which == Literal ? R.lastRange()
                                                               : at(ValueLoc),
                             Needs[Which]);
    }
    if (!OK)
      return false;
  }
  if (R.failed())
    return false;

  // Repeated keys count once, as in llvm::json's objects.
  llvm::sort(OtherKeys,
             [](const auto &A, const auto &B) { return A.first < B.first; });
  size_t Distinct = std::unique(OtherKeys.begin(), OtherKeys.end(),
                                [](const auto &A, const auto &B) {
                                  return A.first == B.first;
                                }) -
                    OtherKeys.begin();
  for (const Form &M : Forms)
    Distinct += M.Seen;
  if (Distinct != 1) {
    P = argProblem(at(Start), ": an argument object must have exactly one key "
                              "(node, literal, dict or slice), this one has " +
                                  Twine(Distinct));
    return true;
  }
  for (Form &M : Forms)
    if (M.Seen) {
      Out = std::move(M.Value);
      P = std::move(M.Problem);
      return true;
    }
  P = argProblem(OtherKeys.back().second,
                 ": unknown argument form " + quote(OtherKeys.back().first) +
                     " (expected {\"node\": NAME}, {\"literal\": REPR}, "
                     "{\"dict\": {...}} or {\"slice\": [start, stop, step]})");
  return true;
}

/// The members of an object, in key order, the last of repeated keys.
bool GraphBuilder::readEntries(std::vector<Entry> &Out,
                               PathStep::StepKind Step) {
  if (!R.enterObject())
    return false;
  StringRef Key;
  while (R.nextMember(Key)) {
    Out.push_back({Key, rt::Arg(), std::nullopt});
    Path.push_back({Step, 0, Key});
    bool OK = readArg(Out.back().Value, Out.back().Problem);
    Path.pop_back();
    if (!OK)
      return false;
  }
  if (R.failed())
    return false;
  std::stable_sort(Out.begin(), Out.end(), [](const Entry &A, const Entry &B) {
    return A.Key < B.Key;
  });
  size_t Kept = 0;
  for (size_t I = 0; I != Out.size(); ++I)
    if (I + 1 == Out.size() || Out[I + 1].Key != Out[I].Key) {
      if (Kept != I)
        Out[Kept] = std::move(Out[I]);
      ++Kept;
    }
  Out.resize(Kept);
  return true;
}

bool GraphBuilder::readSlice(rt::Arg &Out, std::optional<ArgProblem> &P,
                             SMLoc Start) {
  std::vector<rt::Arg> Values;
  std::optional<ArgProblem> First;
  size_t Count;
  if (!readList(Values, First, PathStep::Slice, Count))
    return false;
  if (Count != 3) // checked before the elements
    P = argProblem(at(Start),
                   ": {\"slice\": ...} needs a list [start, stop, step]");
  else
    P = std::move(First);
  Out = rt::Arg::list(std::move(Values));
  return true;
}

std::string GraphBuilder::pathText() const {
  std::string Text;
  for (const PathStep &S : Path)
    switch (S.K) {
    case PathStep::Arg:
      Text += "args[" + std::to_string(S.Index) + "]";
      break;
    case PathStep::Kwarg:
      Text += "kwargs[" + quote(S.Key) + "]";
      break;
    case PathStep::Element:
      Text += "[" + std::to_string(S.Index) + "]";
      break;
    case PathStep::Dict:
      Text += ".dict[" + quote(S.Key) + "]";
      break;
    case PathStep::Slice:
      Text += ".slice[" + std::to_string(S.Index) + "]";
      break;
    }
  return Text;
}

} // namespace detail
} // namespace graphio
} // namespace bpat
