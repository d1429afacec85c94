//===- VocabularyTest.cpp - The vocabulary tables -------------------------===//
//
// Part of the bpat project: runtime unit tests.
//
// The tables every stage reads (ObservationType.def, OpKind.def,
// PatternAttrs.def): rows in value order, names unique, lookups that find
// each row by each of its names.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/DType.h"
#include "bpat/Runtime/GraphTraits.h"
#include "bpat/Runtime/ObservationType.h"
#include "bpat/Runtime/OpRef.h"
#include "bpat/Runtime/PatternAttr.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

using namespace bpat::rt;

namespace {

/// Whether no two rows of \p Table have the same non-empty \p Column.
template <typename Row, size_t N>
bool unique(const Row (&table)[N], const char *const Row::*column) {
  std::set<std::string> seen;
  for (const Row &r : table)
    if (*(r.*column) && !seen.insert(r.*column).second)
      return false;
  return true;
}

TEST(Vocabulary, ObservationTypes) {
  static_assert(std::size(observationTypes) == 3);
  static_assert(static_cast<int>(ObservationType::InputOutputNotObserved) == 2,
                "values as in PyTorch");
  for (size_t i = 0; i < std::size(observationTypes); ++i) {
    const ObservationTypeInfo &row = observationTypes[i];
    EXPECT_EQ(static_cast<size_t>(row.type), i);
    EXPECT_EQ(findObservationType(row.bPatName), &row);
    EXPECT_EQ(findObservationTypeByPythonName(row.pythonName), &row);
    std::string lower = row.pythonName;
    for (char &c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(lower, row.bPatName) << "a .bpat name is the Python one, lower";
  }
  EXPECT_EQ(observationTypeName(ObservationType::OutputShareObserverWithInput),
            "OUTPUT_SHARE_OBSERVER_WITH_INPUT");
  EXPECT_EQ(findObservationType("OUTPUT_SHARE_OBSERVER_WITH_INPUT"), nullptr);
  EXPECT_EQ(findObservationTypeByPythonName(""), nullptr);
}

TEST(Vocabulary, OpKinds) {
  static_assert(static_cast<int>(OpKind::Method) == 2,
                "values are part of the matcher table format");
  for (size_t i = 0; i < std::size(opKinds); ++i) {
    EXPECT_EQ(static_cast<size_t>(opKinds[i].kind), i);
    EXPECT_EQ(findOpKind(opKinds[i].keyword), &opKinds[i]);
  }
  EXPECT_EQ(opKindInfo(OpKind::Function).keyword, std::string("function"));
  EXPECT_EQ(findOpKind("Module"), nullptr);
  EXPECT_EQ(opKindForNodeOp(NodeOp::CallModule), OpKind::Module);
  EXPECT_EQ(opKindForNodeOp(NodeOp::CallFunction), OpKind::Function);
  EXPECT_EQ(opKindForNodeOp(NodeOp::CallMethod), OpKind::Method);
  EXPECT_EQ(opKindForNodeOp(NodeOp::Placeholder), std::nullopt);
  for (const OpKindInfo &row : opKinds)
    EXPECT_EQ(opKindForNodeOp(nodeOpForOpKind(row.kind)), row.kind);
}

TEST(Vocabulary, NodeOps) {
  for (size_t i = 0; i < std::size(nodeOpNames); ++i) {
    EXPECT_EQ(parseNodeOp(nodeOpNames[i]), static_cast<NodeOp>(i));
    EXPECT_EQ(nodeOpName(static_cast<NodeOp>(i)), nodeOpNames[i]);
  }
  EXPECT_EQ(nodeOpName(NodeOp::CallModule), "call_module");
  EXPECT_EQ(parseNodeOp("call_modules"), std::nullopt);
}

TEST(Vocabulary, DTypeConstraints) {
  for (const DTypeConstraintInfo &row : dtypeConstraints)
    EXPECT_EQ(findDTypeConstraint(row.name), &row);
  EXPECT_TRUE(unique(dtypeConstraints, &DTypeConstraintInfo::field));
  EXPECT_TRUE(unique(dtypeConstraints, &DTypeConstraintInfo::name));
  EXPECT_TRUE(findDTypeConstraint("quant_min_lower_bound")->inTorch113);
  EXPECT_FALSE(findDTypeConstraint("zero_point_exact_match")->inTorch113);
  EXPECT_EQ(findDTypeConstraint("ZeroPointExactMatch"), nullptr);
  // The struct holds one member per row, and compares each.
  DTypeWithConstraints a{"torch.quint8", {}, {}, {}, {}, {}, {}}, b = a;
  b.zeroPointExactMatch = Number::integer(0);
  EXPECT_FALSE(a == b);
  EXPECT_TRUE(a == a);
}

TEST(Vocabulary, DTypeConfigFields) {
  for (size_t i = 0; i < std::size(dtypeConfigFields); ++i) {
    const DTypeConfigFieldInfo &row = dtypeConfigFields[i];
    EXPECT_EQ(static_cast<size_t>(row.field), i);
    EXPECT_EQ(findDTypeConfigField(row.key), &row);
    EXPECT_EQ(findDTypeConfigFieldByName(row.name), &row);
  }
  EXPECT_TRUE(unique(dtypeConfigFields, &DTypeConfigFieldInfo::key));
  EXPECT_TRUE(unique(dtypeConfigFields, &DTypeConfigFieldInfo::name));
  EXPECT_EQ(dtypeConfigFieldInfo(DTypeConfigField::Bias).name,
            std::string("bias_dtype"));
  EXPECT_EQ(findDTypeConfigField("bias_dtype"), nullptr);
}

TEST(Vocabulary, PatternAttrs) {
  for (size_t i = 0; i < std::size(patternAttrs); ++i) {
    const PatternAttrInfo &row = patternAttrs[i];
    EXPECT_EQ(static_cast<size_t>(row.attr), i);
    if (*row.key)
      EXPECT_EQ(findPatternAttr(row.key), &row);
    if (*row.jsonKey)
      EXPECT_EQ(findPatternAttrByJSONKey(row.jsonKey), &row);
    // A field PyTorch has has a to_dict() key and a setter.
    if (row.inTorch113 || row.inTorch2) {
      EXPECT_NE(*row.jsonKey, '\0') << row.key;
      EXPECT_NE(*row.pySetter, '\0') << row.key;
    }
  }
  EXPECT_TRUE(unique(patternAttrs, &PatternAttrInfo::key));
  EXPECT_TRUE(unique(patternAttrs, &PatternAttrInfo::jsonKey));
  EXPECT_TRUE(unique(patternAttrs, &PatternAttrInfo::pySetter));
  EXPECT_TRUE(unique(patternAttrs, &PatternAttrInfo::runtimeField));
  EXPECT_EQ(findPatternAttr("root")->attr, PatternAttr::Root);
  EXPECT_EQ(findPatternAttrByJSONKey("root_module")->attr, PatternAttr::Root);
  EXPECT_EQ(findPatternAttr("root_module"), nullptr);
  EXPECT_EQ(findPatternAttr(""), nullptr);
  EXPECT_EQ(findPatternAttrByJSONKey(""), nullptr);
  // to_dict() order: the simple pattern first, the complex one last.
  EXPECT_EQ(patternAttrs[0].attr, PatternAttr::Pattern);
  EXPECT_EQ(patternAttrInfo(PatternAttr::Fuser).pySetter,
            std::string("set_fuser_method"));
}

} // namespace
