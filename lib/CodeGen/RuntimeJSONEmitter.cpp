//===- RuntimeJSONEmitter.cpp - --emit=runtime-json -----------------------===//
//
// Writes a backend as the runtime's data model (rt::BackendConfig, what
// generated registration code fills in) in JSON: the to_dict() keys of
// docs/json-format.md, with every op typed (`{"module": "torch.nn.ReLU"}`),
// the legacy pattern always present, and each config's provenance. It is
// what bpat-match loads instead of compiling .bpat sources on every run
// (graphio::readRuntimeBackend reads it back).
//
//===----------------------------------------------------------------------===//

#include "JSONStrings.h"
#include "PythonRepr.h"
#include "bpat/CodeGen/Emitters.h"
#include "bpat/CodeGen/RuntimeModel.h"
#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/ObservationType.h"
#include "bpat/Runtime/PatternAttr.h"
#include "llvm/Support/JSON.h"

using namespace bpat;
using namespace bpat::codegen;
using rt::PatternAttr;

static const char *key(PatternAttr attr) {
  return rt::patternAttrInfo(attr).jsonKey;
}

/// `"module": "torch.nn.ReLU"`, inside an object.
static void writeOpMember(llvm::json::OStream &j, const rt::OpRef &op) {
  writeStringAttribute(j, rt::opKindInfo(op.kind).keyword, op.target);
}

static void writePattern(llvm::json::OStream &j, const rt::PatternNode &node) {
  j.object([&] {
    if (node.isWildcard)
      j.attribute("wildcard", true);
    else
      writeOpMember(j, node.op);
    if (!node.children.empty())
      j.attributeArray("args", [&] {
        for (const rt::PatternNode &child : node.children)
          writePattern(j, child);
      });
  });
}

static void writeNumber(llvm::json::OStream &j, const rt::Number &number) {
  // Floats keep a fraction or exponent, so that 1.0 does not read back as 1.
  if (number.isInt)
    j.value(number.intValue);
  else
    j.rawValue(formatPythonFloat(number.floatValue));
}

static void writeConstrained(llvm::json::OStream &j,
                             const rt::DTypeWithConstraints &dtype) {
  j.object([&] {
    writeStringAttribute(j, "dtype", dtype.dtype);
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  if (dtype.Member)                                                            \
    j.attributeBegin(Name), writeNumber(j, *dtype.Member), j.attributeEnd();
#include "bpat/Runtime/DTypeConstraints.def"
  });
}

static void writeDTypeConfig(llvm::json::OStream &j,
                             const rt::DTypeConfig &config) {
  using Field = rt::DTypeConfigField;
  auto name = [](Field field) { return rt::dtypeConfigFieldInfo(field).name; };
  j.object([&] {
    auto constrained = [&](Field field,
                           const std::optional<rt::DTypeWithConstraints> &d) {
      if (d)
        j.attributeBegin(name(field)), writeConstrained(j, *d),
            j.attributeEnd();
    };
    constrained(Field::Input, config.input);
    constrained(Field::Output, config.output);
    constrained(Field::Weight, config.weight);
    if (config.bias)
      writeStringAttribute(j, name(Field::Bias), *config.bias);
    if (config.isDynamic)
      j.attribute(name(Field::IsDynamic), *config.isDynamic);
  });
}

static void writeConfig(llvm::json::OStream &j,
                        const rt::BackendPatternConfig &config) {
  j.object([&] {
    j.attributeBegin(key(PatternAttr::PatternComplexFormat));
    writePattern(j, config.pattern);
    j.attributeEnd();
    if (config.simplePattern)
      j.attributeArray(key(PatternAttr::Pattern), [&] {
        for (const rt::OpRef &op : *config.simplePattern)
          j.object([&] { writeOpMember(j, op); });
      });
    writeStringAttribute(j, key(PatternAttr::Observation),
                         rt::observationTypeDictName(config.observation));
    j.attributeArray(key(PatternAttr::DTypes), [&] {
      for (const rt::DTypeConfig &dtypeConfig : config.dtypeConfigs)
        writeDTypeConfig(j, dtypeConfig);
    });
    // The string fields, in to_dict() order.
    for (const rt::PatternAttrInfo &info : rt::patternAttrs)
      if (auto field = rt::stringField(info.attr))
        if (!(config.*field).empty())
          writeStringAttribute(j, info.jsonKey, config.*field);
    if (!config.numTensorArgsToObservationType.empty())
      j.attributeObject(key(PatternAttr::NumTensorArgs), [&] {
        for (const auto &[count, type] : config.numTensorArgsToObservationType)
          j.attribute(std::to_string(count), rt::observationTypeDictName(type));
      });
    if (!config.inputTypeToIndex.empty())
      j.attributeObject(key(PatternAttr::InputTypeToIndex), [&] {
        for (const auto &[name, index] : config.inputTypeToIndex)
          j.attribute(name, index);
      });
    if (config.inputOutputObserved)
      j.attribute(key(PatternAttr::InputOutputObserved),
                  *config.inputOutputObserved);
    writeStringAttribute(j, "provenance", config.provenance);
  });
}

/// The document around the configs, which `writeConfigs` writes.
template <typename WriteConfigs>
static void writeBackend(llvm::raw_ostream &os, const std::string &name,
                         WriteConfigs writeConfigs) {
  llvm::json::OStream j(os);
  j.object([&] {
    j.attribute(rt::runtimeJSONFormatKey, rt::runtimeJSONFormatVersion);
    writeStringAttribute(j, "name", name);
    j.attributeArray("configs", [&] { writeConfigs(j); });
  });
  os << "\n";
}

void codegen::emitRuntimeJSON(const lower::LoweredBackend &backend,
                              llvm::raw_ostream &os) {
  emitRuntimeJSON(backend, toRuntimeMatcherModel(backend), os);
}

void codegen::emitRuntimeJSON(const lower::LoweredBackend &backend,
                              const rt::BackendConfig &matcherModel,
                              llvm::raw_ostream &os) {
  // The model of toRuntimeBackend has a config per lowered config unless
  // setPatternConfig folded two with equal runtime patterns (Sema's folding
  // of duplicates leaves none); the matcher model is folded the same way.
  // Then each config is converted and written on its own, so that a large
  // backend's model (its dtype configs above all) is never held whole.
  if (matcherModel.configs.size() != backend.configs.size()) {
    emitRuntimeJSON(toRuntimeBackend(backend), os);
    return;
  }
  writeBackend(os, backend.backend->name, [&](llvm::json::OStream &j) {
    for (const lower::LoweredConfig &config : backend.configs)
      writeConfig(j, toRuntimeConfig(config));
  });
}

void codegen::emitRuntimeJSON(const rt::BackendConfig &config,
                              llvm::raw_ostream &os) {
  writeBackend(os, config.name, [&](llvm::json::OStream &j) {
    for (const rt::BackendPatternConfig &c : config.configs)
      writeConfig(j, c);
  });
}
