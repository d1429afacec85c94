//===- Fusion.cpp - Applying fuse-mode matches ----------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
// The non-template parts of bpat/Runtime/Fusion.h: FX's node naming, the
// default root node, and rt::Graph's node copies.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/Fusion.h"

#include <algorithm>
#include <iterator>

namespace bpat::rt {

namespace {

/// Names FX will not give a node with no object: Python 3's keywords, the
/// names in Python 3.11's builtins module, and the names torch.fx's
/// generated code defines itself.
constexpr const char *reservedNames[] = {
    // keywords
    "False", "None", "True", "and", "as", "assert", "async", "await", "break",
    "class", "continue", "def", "del", "elif", "else", "except", "finally",
    "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    // builtins
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException",
    "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError",
    "BytesWarning", "ChildProcessError", "ConnectionAbortedError",
    "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
    "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning",
    "EnvironmentError", "Exception", "ExceptionGroup", "FileExistsError",
    "FileNotFoundError", "FloatingPointError", "FutureWarning", "GeneratorExit",
    "IOError", "ImportError", "ImportWarning", "IndentationError", "IndexError",
    "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
    "LookupError", "MemoryError", "ModuleNotFoundError", "NameError",
    "NotADirectoryError", "NotImplemented", "NotImplementedError", "OSError",
    "OverflowError", "PendingDeprecationWarning", "PermissionError",
    "ProcessLookupError", "RecursionError", "ReferenceError", "ResourceWarning",
    "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration",
    "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError",
    "TimeoutError", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
    "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError",
    "UnicodeWarning", "UserWarning", "ValueError", "Warning",
    "ZeroDivisionError", "__build_class__", "__debug__", "__doc__",
    "__import__", "__loader__", "__name__", "__package__", "__spec__", "abs",
    "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint",
    "bytearray", "bytes", "callable", "chr", "classmethod", "compile",
    "complex", "copyright", "credits", "delattr", "dict", "dir", "divmod",
    "enumerate", "eval", "exec", "exit", "filter", "float", "format",
    "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id",
    "input", "int", "isinstance", "issubclass", "iter", "len", "license",
    "list", "locals", "map", "max", "memoryview", "min", "next", "object",
    "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr",
    "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod",
    "str", "sum", "super", "tuple", "type", "vars", "zip",
    // torch.fx's own globals
    "NoneType", "device", "fx_pytree", "inf", "nan", "pytree", "torch"};

bool isReserved(const std::string &name) {
  return std::find_if(std::begin(reservedNames), std::end(reservedNames),
                      [&](const char *r) { return name == r; }) !=
         std::end(reservedNames);
}

bool isIdentChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || c == '_';
}

Arg remapArg(const Arg &a, const std::vector<NodeId> &newIds) {
  if (a.k == Arg::Kind::Node)
    return Arg::makeNode(newIds[a.node]);
  Arg out = a;
  if (a.k == Arg::Kind::List)
    for (Arg &e : out.elements)
      e = remapArg(e, newIds);
  return out;
}

} // namespace

std::string NodeNamer::create(std::string_view candidate) {
  // Runs of characters outside [0-9a-zA-Z_] become one '_'.
  std::string name;
  for (size_t i = 0; i < candidate.size();) {
    if (isIdentChar(candidate[i])) {
      name += candidate[i++];
      continue;
    }
    name += '_';
    while (i < candidate.size() && !isIdentChar(candidate[i]))
      ++i;
  }
  if (name.empty() || (name[0] >= '0' && name[0] <= '9'))
    name = "_" + name;
  // A trailing _<digits> is a counter: "relu_01" is "relu" and 1.
  std::string base = name;
  unsigned long long num = 0;
  size_t digits = name.size();
  while (digits > 0 && name[digits - 1] >= '0' && name[digits - 1] <= '9')
    --digits;
  if (digits < name.size() && digits > 0 && name[digits - 1] == '_' &&
      name.size() - digits <= 18) {
    base = name.substr(0, digits - 1);
    num = std::stoull(name.substr(digits));
    name = base + "_" + std::to_string(num);
  }
  while (used.count(name) || isReserved(name))
    name = base + "_" + std::to_string(++num);
  used.insert(name);
  return name;
}

Expected<NodeId> defaultRootNode(const NestedArgs<NodeId> &matched) {
  const std::vector<NestedArg<NodeId>> *level = &matched;
  for (;;) {
    if (level->empty())
      return Error::failure("the matched node pattern has an empty tuple "
                            "where the default root node getter looks");
    const NestedArg<NodeId> &last = level->back();
    if (last.isLeaf())
      return last.value();
    level = &last.elements();
  }
}

Expected<NodeId> copyGraphNode(Graph &out, const Graph &in, NodeId n,
                               const std::vector<NodeId> &newIds,
                               std::string name, const std::string *target,
                               const std::vector<NodeId> &extraInputs) {
  NodeView old = in.node(n);
  GraphNode copy;
  copy.name = std::move(name);
  copy.op = old.op();
  copy.target = target ? *target : std::string(old.target());
  NodeView::Args args = old.args();
  copy.args.reserve(args.size() + extraInputs.size());
  for (ArgView a : args)
    copy.args.push_back(remapArg(a.toArg(), newIds));
  for (NodeId x : extraInputs)
    copy.args.push_back(Arg::makeNode(x));
  for (KwargView kv : old.kwargs())
    copy.kwargs.emplace_back(std::string(kv.first),
                             remapArg(kv.second.toArg(), newIds));
  return out.addNode(copy);
}

} // namespace bpat::rt
