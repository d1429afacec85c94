//===- BackendReader.cpp - Runtime backend JSON into rt::BackendConfig ----===//
//
// The reader of `bpatc --emit=runtime-json` (RuntimeJSONEmitter.cpp is the
// writer; docs/json-format.md §4 the format). One pass over the text with
// bpat::JSONReader; each part of a config is read by one function that
// reports what it expected at the place it did not find it.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/BackendReader.h"
#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/ObservationType.h"
#include "bpat/Runtime/PatternAttr.h"
#include "bpat/Support/InputFile.h"
#include "bpat/Support/JSONReader.h"
#include "llvm/Support/ErrorHandling.h"
#include <cmath>
#include <cstdint>

using namespace bpat;
using llvm::SMLoc;
using llvm::SMRange;
using llvm::StringRef;
using llvm::Twine;
using rt::PatternAttr;
using Kind = JSONReader::Kind;

namespace {

class BackendReader {
public:
  BackendReader(DiagnosticEngine &diags, unsigned bufferId)
      : r(diags, bufferId, readerOptions()), diags(diags) {}

  std::optional<rt::BackendConfig> read();

private:
  static JSONReader::Options readerOptions() {
    JSONReader::Options options;
    options.rejectDuplicateKeys = true;
    return options;
  }

  bool error(SMRange at, const Twine &message) {
    diags.error(at, message);
    return false;
  }
  /// Checks that the value at the cursor is of kind `k`, else reports that
  /// `what` was expected there.
  bool expect(Kind k, const Twine &what) {
    std::optional<Kind> found = r.peek();
    if (!found)
      return false;
    if (*found == k)
      return true;
    SMLoc at = r.loc();
    return error({at, at}, "expected " + what + ", found " +
                               JSONReader::describe(*found));
  }
  bool readString(std::string &out, const Twine &what) {
    StringRef text;
    if (!expect(Kind::String, what) || !r.readString(text))
      return false;
    out = text.str();
    return true;
  }

  bool readConfig(rt::BackendPatternConfig &config);
  bool readOp(StringRef key, rt::OpRef &op);
  bool readPattern(rt::PatternNode &node);
  bool readSimplePattern(std::vector<rt::OpRef> &ops);
  bool readObservation(rt::ObservationType &type);
  bool readDTypeConfig(rt::DTypeConfig &config);
  bool readConstrained(rt::DTypeWithConstraints &dtype);
  bool readNumber(rt::Number &number);

  JSONReader r;
  DiagnosticEngine &diags;
};

} // namespace

bool BackendReader::readOp(StringRef key, rt::OpRef &op) {
  const rt::OpKindInfo *kind = rt::findOpKind(key);
  if (!kind)
    return error(r.lastRange(), "unknown op kind \"" + key +
                                    "\" (expected module, function or "
                                    "method)");
  op.kind = kind->kind;
  if (!readString(op.target, "the op's target (a string)"))
    return false;
  if (op.target.empty())
    return error(r.lastRange(), "an op's target is not empty");
  return true;
}

bool BackendReader::readPattern(rt::PatternNode &node) {
  if (!expect(Kind::Object, "a pattern node ({\"module\": ...} or "
                            "{\"wildcard\": true}, with optional \"args\")"))
    return false;
  SMLoc begin = r.loc();
  bool hasHead = false;
  StringRef key;
  r.enterObject();
  while (r.nextMember(key)) {
    if (key == "args") {
      if (!expect(Kind::Array, "the argument patterns (an array)"))
        return false;
      r.enterArray();
      while (r.nextElement()) {
        node.children.emplace_back();
        if (!readPattern(node.children.back()))
          return false;
      }
      continue;
    }
    if (hasHead)
      return error(r.lastRange(), "a pattern node has one op or the "
                                  "wildcard, not both or two");
    hasHead = true;
    if (key == "wildcard") {
      bool value = false;
      if (!expect(Kind::Bool, "true") || !r.readBool(value))
        return false;
      if (!value)
        return error(r.lastRange(), "\"wildcard\" is only ever true");
      node.isWildcard = true;
      continue;
    }
    if (!readOp(key, node.op))
      return false;
  }
  if (r.failed())
    return false;
  if (!hasHead)
    return error({begin, begin}, "a pattern node needs an op ({\"module\": "
                                 "...}) or {\"wildcard\": true}");
  return true;
}

bool BackendReader::readSimplePattern(std::vector<rt::OpRef> &ops) {
  if (!expect(Kind::Array, "the forward-order chain (an array of ops)"))
    return false;
  r.enterArray();
  while (r.nextElement()) {
    if (!expect(Kind::Object, "an op ({\"module\": ...})"))
      return false;
    r.enterObject();
    StringRef key;
    ops.emplace_back();
    if (!r.nextMember(key))
      return r.failed() ? false
                        : error(r.lastRange(), "an op has one member, its "
                                               "kind and target");
    if (!readOp(key, ops.back()))
      return false;
    if (r.nextMember(key))
      return error(r.lastRange(), "an op has one member, its kind and target");
    if (r.failed())
      return false;
  }
  return !r.failed();
}

bool BackendReader::readObservation(rt::ObservationType &type) {
  std::string text;
  if (!readString(text, "an observation type (a string)"))
    return false;
  if (const rt::ObservationTypeInfo *info =
          rt::findObservationTypeByDictName(text)) {
    type = info->type;
    return true;
  }
  return error(r.lastRange(), "unknown observation type \"" + text +
                                  "\" (expected ObservationType.X)");
}

bool BackendReader::readNumber(rt::Number &number) {
  JSONReader::Number n;
  if (!expect(Kind::Number, "a number") || !r.readNumber(n))
    return false;
  if (!n.isFloat && n.intValue) {
    number = rt::Number::integer(*n.intValue);
    return true;
  }
  if (!std::isfinite(n.value))
    return error(r.lastRange(), "number out of range");
  number = rt::Number::floating(n.value);
  return true;
}

bool BackendReader::readConstrained(rt::DTypeWithConstraints &dtype) {
  if (!expect(Kind::Object, "a dtype with constraints ({\"dtype\": ...})"))
    return false;
  SMLoc begin = r.loc();
  bool hasDType = false;
  StringRef key;
  r.enterObject();
  while (r.nextMember(key)) {
    if (key == "dtype") {
      if (!readString(dtype.dtype, "a dtype name (a string)"))
        return false;
      hasDType = true;
      continue;
    }
    std::optional<rt::Number> *field = nullptr;
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  if (key == Name)                                                             \
    field = &dtype.Member;
#include "bpat/Runtime/DTypeConstraints.def"
    if (!field)
      return error(r.lastRange(), "unknown dtype constraint \"" + key + "\"");
    rt::Number value;
    if (!readNumber(value))
      return false;
    *field = value;
  }
  if (r.failed())
    return false;
  if (!hasDType)
    return error({begin, begin}, "a dtype with constraints has a \"dtype\"");
  return true;
}

bool BackendReader::readDTypeConfig(rt::DTypeConfig &config) {
  if (!expect(Kind::Object, "a dtype config (an object)"))
    return false;
  using Field = rt::DTypeConfigField;
  StringRef key;
  r.enterObject();
  while (r.nextMember(key)) {
    const rt::DTypeConfigFieldInfo *info = rt::findDTypeConfigFieldByName(key);
    if (!info)
      return error(r.lastRange(), "unknown dtype config field \"" + key + "\"");
    switch (info->field) {
    case Field::Input:
    case Field::Output:
    case Field::Weight: {
      std::optional<rt::DTypeWithConstraints> &slot =
          info->field == Field::Input    ? config.input
          : info->field == Field::Output ? config.output
                                         : config.weight;
      slot.emplace();
      if (!readConstrained(*slot))
        return false;
      break;
    }
    case Field::Bias:
      config.bias.emplace();
      if (!readString(*config.bias, "a dtype name (a string)"))
        return false;
      break;
    case Field::IsDynamic: {
      bool value = false;
      if (!expect(Kind::Bool, "true or false") || !r.readBool(value))
        return false;
      config.isDynamic = value;
      break;
    }
    }
  }
  return !r.failed();
}

bool BackendReader::readConfig(rt::BackendPatternConfig &config) {
  if (!expect(Kind::Object, "a backend pattern config (an object)"))
    return false;
  SMLoc begin = r.loc();
  bool hasPattern = false;
  StringRef key;
  r.enterObject();
  while (r.nextMember(key)) {
    if (key == "provenance") {
      if (!readString(config.provenance, "the provenance (a string)"))
        return false;
      continue;
    }
    const rt::PatternAttrInfo *info = rt::findPatternAttrByJSONKey(key);
    if (!info || !*info->jsonKey)
      return error(r.lastRange(),
                   "unknown backend pattern config key \"" + key + "\"");
    if (auto field = rt::stringField(info->attr)) {
      if (!readString(config.*field, info->attr == PatternAttr::Fuser
                                         ? "a fuser method (a string)"
                                         : "a qualified name (a string)"))
        return false;
      continue;
    }
    bool ok = true;
    switch (info->attr) {
    case PatternAttr::PatternComplexFormat:
      ok = readPattern(config.pattern);
      hasPattern = true;
      break;
    case PatternAttr::Pattern:
      config.simplePattern.emplace();
      ok = readSimplePattern(*config.simplePattern);
      break;
    case PatternAttr::Observation:
      ok = readObservation(config.observation);
      break;
    case PatternAttr::DTypes:
      ok = expect(Kind::Array, "a list of dtype configs");
      if (ok) {
        r.enterArray();
        while (ok && r.nextElement()) {
          config.dtypeConfigs.emplace_back();
          ok = readDTypeConfig(config.dtypeConfigs.back());
        }
        ok = ok && !r.failed();
      }
      break;
    case PatternAttr::NumTensorArgs:
      ok = expect(Kind::Object, "an object from numbers of tensor "
                                "arguments to observation types");
      if (ok) {
        r.enterObject();
        StringRef count;
        while (ok && r.nextMember(count)) {
          int value = 0;
          if (count.empty() || count.size() > 9 ||
              count.getAsInteger(10, value) || value < 0)
            return error(r.lastRange(), "expected a number of tensor "
                                        "arguments, not \"" +
                                            count + "\"");
          rt::ObservationType type;
          ok = readObservation(type);
          config.numTensorArgsToObservationType.push_back({value, type});
        }
        ok = ok && !r.failed();
      }
      break;
    case PatternAttr::InputTypeToIndex:
      ok = expect(Kind::Object, "an object from argument kinds to indices");
      if (ok) {
        r.enterObject();
        StringRef name;
        while (ok && r.nextMember(name)) {
          std::string kind = name.str();
          JSONReader::Number n;
          ok = expect(Kind::Number, "an argument index") && r.readNumber(n);
          if (ok && (n.isFloat || !n.intValue || *n.intValue < 0 ||
                     *n.intValue > INT32_MAX))
            return error(r.lastRange(), "an argument index is a whole number "
                                        "from 0");
          if (ok)
            config.inputTypeToIndex.push_back(
                {kind, static_cast<int>(*n.intValue)});
        }
        ok = ok && !r.failed();
      }
      break;
    case PatternAttr::InputOutputObserved: {
      bool value = false;
      ok = expect(Kind::Bool, "true or false") && r.readBool(value);
      config.inputOutputObserved = value;
      break;
    }
    case PatternAttr::Root:
    case PatternAttr::Qat:
    case PatternAttr::Reference:
    case PatternAttr::Fused:
    case PatternAttr::Fuser:
    case PatternAttr::RootNodeGetter:
    case PatternAttr::ExtraInputsGetter:
      llvm_unreachable("string fields are read above (rt::stringField)");
    case PatternAttr::OverwriteFakeQuantize:
    case PatternAttr::OverwriteObserver:
    case PatternAttr::Format:
      return error(r.lastRange(), "the runtime does not keep \"" + key + "\"");
    }
    if (!ok)
      return false;
  }
  if (r.failed())
    return false;
  if (!hasPattern)
    return error(
        {begin, begin},
        Twine("a config needs its \"") +
            rt::patternAttrInfo(PatternAttr::PatternComplexFormat).jsonKey +
            "\"");
  return true;
}

std::optional<rt::BackendConfig> BackendReader::read() {
  rt::BackendConfig backend;
  if (!expect(Kind::Object, "a runtime backend (an object)"))
    return std::nullopt;
  SMLoc begin = r.loc();
  bool hasVersion = false, hasConfigs = false;
  StringRef key;
  r.enterObject();
  while (r.nextMember(key)) {
    if (key == rt::runtimeJSONFormatKey) {
      JSONReader::Number n;
      if (!expect(Kind::Number, "the format's version") || !r.readNumber(n))
        return std::nullopt;
      if (n.isFloat || n.intValue != rt::runtimeJSONFormatVersion) {
        error(r.lastRange(), "this file is version " + n.spelling +
                                 " of the runtime backend format; this "
                                 "bpat-match reads version " +
                                 Twine(rt::runtimeJSONFormatVersion));
        return std::nullopt;
      }
      hasVersion = true;
    } else if (key == "name") {
      if (!readString(backend.name, "the backend's name (a string)"))
        return std::nullopt;
    } else if (key == "configs") {
      if (!hasVersion) {
        error(r.lastRange(), Twine("expected \"") + rt::runtimeJSONFormatKey +
                                 "\" first: is this the output of bpatc "
                                 "--emit=runtime-json?");
        return std::nullopt;
      }
      if (!expect(Kind::Array, "a list of configs"))
        return std::nullopt;
      hasConfigs = true;
      r.enterArray();
      while (r.nextElement()) {
        if (!r.peek())
          return std::nullopt;
        SMLoc at = r.loc();
        rt::BackendPatternConfig config;
        if (!readConfig(config))
          return std::nullopt;
        size_t before = backend.configs.size();
        if (backend.setPatternConfig(std::move(config)) < before) {
          error({at, at}, "a second config for the same pattern");
          return std::nullopt;
        }
      }
    } else {
      error(r.lastRange(),
            "unknown key \"" + key + "\" in a runtime backend (expected \"" +
                rt::runtimeJSONFormatKey + "\", \"name\" and \"configs\")");
      return std::nullopt;
    }
  }
  if (!r.finish())
    return std::nullopt;
  if (!hasVersion || !hasConfigs) {
    error({begin, begin}, Twine("not a runtime backend: expected \"") +
                              rt::runtimeJSONFormatKey +
                              "\" and \"configs\" (bpatc --emit=runtime-json "
                              "writes them)");
    return std::nullopt;
  }
  return backend;
}

std::optional<rt::BackendConfig>
graphio::readRuntimeBackend(unsigned bufferId, DiagnosticEngine &diags) {
  return BackendReader(diags, bufferId).read();
}

std::optional<rt::BackendConfig>
graphio::readRuntimeBackendFile(StringRef path, DiagnosticEngine &diags) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      readInputFile(path);
  if (!buffer) {
    diags.errorNoLoc(llvm::toString(buffer.takeError()));
    return std::nullopt;
  }
  unsigned id =
      diags.getSourceMgr().AddNewSourceBuffer(std::move(*buffer), SMLoc());
  return readRuntimeBackend(id, diags);
}
