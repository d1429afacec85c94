//===- JSONEmitter.cpp - --emit=json --------------------------------------===//
//
// Writes a backend in the shape of PyTorch's post-#90698
// BackendConfig.to_dict(), with Python objects as qualified-name strings
// (docs/json-format.md). Keys appear only where to_dict() emits them.
//
//===----------------------------------------------------------------------===//

#include "JSONStrings.h"
#include "PythonRepr.h"
#include "bpat/CodeGen/Emitters.h"
#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/DType.h"
#include "bpat/Runtime/PatternAttr.h"
#include "llvm/Support/JSON.h"

using namespace bpat;
using namespace bpat::codegen;
using rt::PatternAttr;

/// The to_dict() key of field `attr`.
static const char *key(PatternAttr attr) {
  return rt::patternAttrInfo(attr).jsonKey;
}

static void writePattern(llvm::json::OStream &j,
                         const lower::PyPattern &pattern) {
  switch (pattern.kind) {
  case lower::PyPattern::Kind::MatchAll:
    writeString(j, rt::matchAllNodeQualifiedName);
    return;
  case lower::PyPattern::Kind::Op:
    writeString(j, pattern.op->target);
    return;
  case lower::PyPattern::Kind::Tuple:
    j.array([&] {
      for (const lower::PyPattern &element : pattern.elements)
        writePattern(j, element);
    });
    return;
  }
}

static void writeNumber(llvm::json::OStream &j, const ir::Number &number) {
  if (number.isFloat)
    j.rawValue(formatPythonFloat(number.floatValue));
  else
    j.value(number.intValue);
}

static void writeConstrained(llvm::json::OStream &j,
                             const ir::DTypeWithConstraints &dtype) {
  j.object([&] {
    writeStringAttribute(j, "dtype", dtype.dtype->target);
    ir::forEachConstraint(
        dtype, [&](const char *key, const std::optional<ir::Number> &n) {
          if (n)
            j.attributeBegin(key), writeNumber(j, *n), j.attributeEnd();
        });
  });
}

static void writeDTypeConfig(llvm::json::OStream &j,
                             const ir::DTypeConfig &config) {
  using Field = rt::DTypeConfigField;
  auto key = [](Field field) { return rt::dtypeConfigFieldInfo(field).name; };
  j.object([&] {
    auto constrained = [&](Field field,
                           const std::optional<ir::DTypeWithConstraints> &d) {
      if (d)
        j.attributeBegin(key(field)), writeConstrained(j, *d), j.attributeEnd();
    };
    constrained(Field::Input, config.input);
    constrained(Field::Output, config.output);
    constrained(Field::Weight, config.weight);
    if (config.bias)
      writeStringAttribute(j, key(Field::Bias), config.bias->target);
    if (config.isDynamic)
      j.attribute(key(Field::IsDynamic), *config.isDynamic);
  });
}

std::string codegen::fuserMethodName(const lower::LoweredConfig &lowered) {
  const ir::PatternConfig &config = *lowered.config;
  if (!config.fuser)
    return "";
  if (config.fuser->isSequential()) {
    std::string fused = config.fusedModule->target;
    if (lowered.chainLength == 2)
      return std::string(rt::sequentialWrapper2QualifiedName) + "(" + fused +
             ")";
    return std::string(rt::bpatSequentialName) + "(" + fused + ")";
  }
  std::string name = config.fuser->fuser->target;
  if (lowered.fuserNeedsReverseNestedAdapter())
    return std::string(rt::bpatReverseNestedName) + "(" + name + ")";
  return name;
}

void codegen::emitJSON(const lower::LoweredBackend &backend,
                       llvm::raw_ostream &os) {
  llvm::json::OStream j(os, 2);
  j.object([&] {
    j.attribute("name", backend.backend->name);
    j.attributeArray("configs", [&] {
      for (const lower::LoweredConfig &lowered : backend.configs) {
        const ir::PatternConfig &config = *lowered.config;
        j.object([&] {
          bool simple = lowered.registersSimple();
          if (simple) {
            j.attributeBegin(key(PatternAttr::Pattern));
            writePattern(j, *lowered.simple);
            j.attributeEnd();
          }
          writeStringAttribute(j, key(PatternAttr::Observation),
                               rt::observationTypeDictName(config.observation));
          j.attributeArray(key(PatternAttr::DTypes), [&] {
            for (const ir::DTypeConfig *dtypeConfig : config.dtypeConfigs)
              writeDTypeConfig(j, *dtypeConfig);
          });
          auto module = [&](PatternAttr attr, const ir::Op *op) {
            if (op)
              writeStringAttribute(j, key(attr), op->target);
          };
          module(PatternAttr::Root, config.rootModule);
          module(PatternAttr::Qat, config.qatModule);
          module(PatternAttr::Reference, config.referenceModule);
          module(PatternAttr::Fused, config.fusedModule);
          if (config.fuser)
            writeStringAttribute(j, key(PatternAttr::Fuser),
                                 fuserMethodName(lowered));
          if (config.rootNodeGetter)
            writeStringAttribute(j, key(PatternAttr::RootNodeGetter),
                                 config.rootNodeGetter->target);
          if (config.extraInputsGetter)
            writeStringAttribute(j, key(PatternAttr::ExtraInputsGetter),
                                 config.extraInputsGetter->target);
          if (!config.numTensorArgsToObservation.empty())
            j.attributeObject(key(PatternAttr::NumTensorArgs), [&] {
              for (const auto &[count, type] :
                   config.numTensorArgsToObservation)
                j.attribute(std::to_string(count),
                            rt::observationTypeDictName(type));
            });
          if (!config.inputTypeToIndex.empty())
            j.attributeObject(key(PatternAttr::InputTypeToIndex), [&] {
              for (const auto &[key, index] : config.inputTypeToIndex)
                j.attribute(key, index);
            });
          if (config.inputOutputObserved)
            j.attribute(key(PatternAttr::InputOutputObserved),
                        *config.inputOutputObserved);
          if (config.overwriteOutputFakeQuantize)
            writeStringAttribute(j, key(PatternAttr::OverwriteFakeQuantize),
                                 config.overwriteOutputFakeQuantize->text);
          if (config.overwriteOutputObserver)
            writeStringAttribute(j, key(PatternAttr::OverwriteObserver),
                                 config.overwriteOutputObserver->text);
          if (!simple) {
            j.attributeBegin(key(PatternAttr::PatternComplexFormat));
            writePattern(j, lowered.complex);
            j.attributeEnd();
          }
        });
      }
    });
  });
  os << "\n";
}
