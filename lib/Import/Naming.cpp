//===- Naming.cpp - Names for what bpat-import declares -------------------===//
//
// Identifiers from Python names, the library's naming scheme, and fresh
// names that clash neither with the library nor with each other.
//
//===----------------------------------------------------------------------===//

#include "Naming.h"
#include "bpat/Parse/Keywords.h"
#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/ObservationType.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace bpat;
using namespace bpat::import;
using llvm::StringRef;

/// Words a generated name must not be: the grammar's keywords, and the
/// built-in values of attributes, which a name would shadow.
static bool isReservedWord(StringRef word) {
  return isKeyword(word) || llvm::is_contained(rt::builtinValueNames, word) ||
         rt::findObservationType(word);
}

static bool isUpperChar(char c) { return c >= 'A' && c <= 'Z'; }
static bool isLowerChar(char c) { return c >= 'a' && c <= 'z'; }

/// `ConvReLU2d` -> `conv_relu2d`, `GRUCell` -> `gru_cell`; anything that is
/// not a letter, digit or `_` becomes `_`.
static std::string snakeCase(StringRef input) {
  // PyTorch's own spelling of one word.
  std::string spelled = input.str();
  for (size_t at; (at = spelled.find("ReLU")) != std::string::npos;)
    spelled.replace(at, 4, "Relu");
  StringRef text = spelled;
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (isUpperChar(c)) {
      bool afterLower =
          i > 0 && (isLowerChar(text[i - 1]) || llvm::isDigit(text[i - 1]));
      bool endsAcronym = i > 0 && isUpperChar(text[i - 1]) &&
                         i + 1 < text.size() && isLowerChar(text[i + 1]);
      if ((afterLower || endsAcronym) && !out.empty() && out.back() != '_')
        out += '_';
      out += llvm::toLower(c);
    } else if (llvm::isAlnum(c) || c == '_') {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  return out;
}

StringRef import::lastComponent(StringRef qualified) {
  size_t dot = qualified.rfind('.');
  return dot == StringRef::npos ? qualified : qualified.drop_front(dot + 1);
}

std::string import::identifierFrom(StringRef text, StringRef prefix) {
  bool inplace = text.endswith("_") && text.size() > 1;
  std::string out = snakeCase(text.rtrim('_').ltrim('_'));
  while (!out.empty() && out.back() == '_')
    out.pop_back();
  if (inplace && !out.empty())
    out += "_inplace";
  if (out.empty() || llvm::isDigit(out[0]))
    out = prefix.str() + (out.empty() ? "" : "_") + out;
  return out;
}

ir::OpKind import::guessOpKind(StringRef target, bool usedAsModule) {
  StringRef last = lastComponent(target);
  if (!target.contains('.'))
    return ir::OpKind::Method;
  if (usedAsModule || (!last.empty() && isUpperChar(last.front())))
    return ir::OpKind::Module;
  return ir::OpKind::Function;
}

std::string import::opBaseName(StringRef target, ir::OpKind kind) {
  StringRef last = lastComponent(target);
  std::string base = identifierFrom(last);
  if (kind == ir::OpKind::Method)
    return base + "_method";
  if (kind == ir::OpKind::Function) {
    StringRef module = target.drop_back(last.size() + 1);
    if (module == "torch.nn.functional")
      return base + "_fn";
    if (module == "torch")
      return "torch_" + base;
  }
  return base;
}

std::string import::dtypeBaseName(StringRef target) {
  target.consume_front("torch.");
  return identifierFrom(target, "dtype");
}

std::string import::dtypeConfigBaseName(StringRef input, StringRef output,
                                        StringRef weight, StringRef bias,
                                        std::optional<bool> isDynamic,
                                        bool constrained) {
  // quint8_w_qint8_b_float, quint8_to_float_w_qint8_b_float_dynamic,
  // float_w_quint4x2.
  std::string name = input.str();
  if (!output.empty())
    name += (name.empty() ? "to_" : "_to_") + output.str();
  if (!weight.empty())
    name += (name.empty() ? "w_" : "_w_") + weight.str();
  if (!bias.empty())
    name += (name.empty() ? "b_" : "_b_") + bias.str();
  if (isDynamic)
    name += *isDynamic ? "_dynamic" : "_static";
  if (constrained)
    name += "_constrained";
  if (name.empty() || name[0] == '_')
    name = "dtypes" + name;
  // Activation dtypes only: `quint8_act` rather than a dtype's own name.
  if (weight.empty() && bias.empty() && !isDynamic &&
      name.find('_') == std::string::npos)
    name += "_act";
  return name;
}

bool NameTable::isFree(const std::string &name) const {
  return !name.empty() && !isReservedWord(name) && !taken.count(name);
}

std::string NameTable::fresh(const std::string &base, StringRef qualified) {
  if (isFree(base)) {
    taken.insert(base);
    return base;
  }
  // Qualify with the enclosing components, nearest first, skipping the
  // uninformative ones: torch.ao.nn.qat.modules.conv.Conv2d -> qat_conv2d.
  llvm::SmallVector<StringRef, 8> parts;
  qualified.split(parts, '.');
  if (!parts.empty())
    parts.pop_back();
  static const char *const skip[] = {"torch",      "ao",        "nn",
                                     "modules",    "_C",        "_nn",
                                     "functional", "_operator", "operator"};
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    std::string part = identifierFrom(*it, "m");
    if (llvm::is_contained(skip, *it) || StringRef(base).contains(part))
      continue;
    std::string candidate = part + "_" + base;
    if (isFree(candidate)) {
      taken.insert(candidate);
      return candidate;
    }
  }
  for (unsigned n = 2;; ++n) {
    std::string candidate = base + "_" + std::to_string(n);
    if (isFree(candidate)) {
      taken.insert(candidate);
      return candidate;
    }
  }
}

std::string NameTable::freshBackendName(const std::string &wanted) {
  std::string name = wanted;
  bool isIdentifier =
      name != "_" && !llvm::isDigit(name[0]) &&
      llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
  if (!isIdentifier)
    name = identifierFrom(name, "backend");
  if (taken.count(name) || isReservedWord(name))
    name += "_backend";
  return fresh(name);
}
