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
bool unique(const Row (&Table)[N], const char *const Row::*Column) {
  std::set<std::string> Seen;
  for (const Row &R : Table)
    if (*(R.*Column) && !Seen.insert(R.*Column).second)
      return false;
  return true;
}

TEST(Vocabulary, ObservationTypes) {
  static_assert(std::size(ObservationTypes) == 3);
  static_assert(static_cast<int>(ObservationType::InputOutputNotObserved) == 2,
                "values as in PyTorch");
  for (size_t I = 0; I < std::size(ObservationTypes); ++I) {
    const ObservationTypeInfo &Row = ObservationTypes[I];
    EXPECT_EQ(static_cast<size_t>(Row.Type), I);
    EXPECT_EQ(findObservationType(Row.BPatName), &Row);
    EXPECT_EQ(findObservationTypeByPythonName(Row.PythonName), &Row);
    std::string Lower = Row.PythonName;
    for (char &C : Lower)
      C = static_cast<char>(std::tolower(static_cast<unsigned char>(C)));
    EXPECT_EQ(Lower, Row.BPatName) << "a .bpat name is the Python one, lower";
  }
  EXPECT_EQ(observationTypeName(ObservationType::OutputShareObserverWithInput),
            "OUTPUT_SHARE_OBSERVER_WITH_INPUT");
  EXPECT_EQ(findObservationType("OUTPUT_SHARE_OBSERVER_WITH_INPUT"), nullptr);
  EXPECT_EQ(findObservationTypeByPythonName(""), nullptr);
}

TEST(Vocabulary, OpKinds) {
  static_assert(static_cast<int>(OpKind::Method) == 2,
                "values are part of the matcher table format");
  for (size_t I = 0; I < std::size(OpKinds); ++I) {
    EXPECT_EQ(static_cast<size_t>(OpKinds[I].Kind), I);
    EXPECT_EQ(findOpKind(OpKinds[I].Keyword), &OpKinds[I]);
  }
  EXPECT_EQ(opKindInfo(OpKind::Function).Keyword, std::string("function"));
  EXPECT_EQ(findOpKind("Module"), nullptr);
  EXPECT_EQ(opKindForNodeOp(NodeOp::CallModule), OpKind::Module);
  EXPECT_EQ(opKindForNodeOp(NodeOp::CallFunction), OpKind::Function);
  EXPECT_EQ(opKindForNodeOp(NodeOp::CallMethod), OpKind::Method);
  EXPECT_EQ(opKindForNodeOp(NodeOp::Placeholder), std::nullopt);
  for (const OpKindInfo &Row : OpKinds)
    EXPECT_EQ(opKindForNodeOp(nodeOpForOpKind(Row.Kind)), Row.Kind);
}

TEST(Vocabulary, NodeOps) {
  for (size_t I = 0; I < std::size(NodeOpNames); ++I) {
    EXPECT_EQ(parseNodeOp(NodeOpNames[I]), static_cast<NodeOp>(I));
    EXPECT_EQ(nodeOpName(static_cast<NodeOp>(I)), NodeOpNames[I]);
  }
  EXPECT_EQ(nodeOpName(NodeOp::CallModule), "call_module");
  EXPECT_EQ(parseNodeOp("call_modules"), std::nullopt);
}

TEST(Vocabulary, DTypeConstraints) {
  for (const DTypeConstraintInfo &Row : DTypeConstraints)
    EXPECT_EQ(findDTypeConstraint(Row.Name), &Row);
  EXPECT_TRUE(unique(DTypeConstraints, &DTypeConstraintInfo::Field));
  EXPECT_TRUE(unique(DTypeConstraints, &DTypeConstraintInfo::Name));
  EXPECT_TRUE(findDTypeConstraint("quant_min_lower_bound")->InTorch1_13);
  EXPECT_FALSE(findDTypeConstraint("zero_point_exact_match")->InTorch1_13);
  EXPECT_EQ(findDTypeConstraint("ZeroPointExactMatch"), nullptr);
  // The struct holds one member per row, and compares each.
  DTypeWithConstraints A{"torch.quint8", {}, {}, {}, {}, {}, {}}, B = A;
  B.zeroPointExactMatch = Number::integer(0);
  EXPECT_FALSE(A == B);
  EXPECT_TRUE(A == A);
}

TEST(Vocabulary, DTypeConfigFields) {
  for (size_t I = 0; I < std::size(DTypeConfigFields); ++I) {
    const DTypeConfigFieldInfo &Row = DTypeConfigFields[I];
    EXPECT_EQ(static_cast<size_t>(Row.Field), I);
    EXPECT_EQ(findDTypeConfigField(Row.Key), &Row);
    EXPECT_EQ(findDTypeConfigFieldByName(Row.Name), &Row);
  }
  EXPECT_TRUE(unique(DTypeConfigFields, &DTypeConfigFieldInfo::Key));
  EXPECT_TRUE(unique(DTypeConfigFields, &DTypeConfigFieldInfo::Name));
  EXPECT_EQ(dtypeConfigFieldInfo(DTypeConfigField::Bias).Name,
            std::string("bias_dtype"));
  EXPECT_EQ(findDTypeConfigField("bias_dtype"), nullptr);
}

TEST(Vocabulary, PatternAttrs) {
  for (size_t I = 0; I < std::size(PatternAttrs); ++I) {
    const PatternAttrInfo &Row = PatternAttrs[I];
    EXPECT_EQ(static_cast<size_t>(Row.Attr), I);
    if (*Row.Key)
      EXPECT_EQ(findPatternAttr(Row.Key), &Row);
    if (*Row.JSONKey)
      EXPECT_EQ(findPatternAttrByJSONKey(Row.JSONKey), &Row);
    // A field PyTorch has has a to_dict() key and a setter.
    if (Row.InTorch1_13 || Row.InTorch2) {
      EXPECT_NE(*Row.JSONKey, '\0') << Row.Key;
      EXPECT_NE(*Row.PySetter, '\0') << Row.Key;
    }
  }
  EXPECT_TRUE(unique(PatternAttrs, &PatternAttrInfo::Key));
  EXPECT_TRUE(unique(PatternAttrs, &PatternAttrInfo::JSONKey));
  EXPECT_TRUE(unique(PatternAttrs, &PatternAttrInfo::PySetter));
  EXPECT_TRUE(unique(PatternAttrs, &PatternAttrInfo::RuntimeField));
  EXPECT_EQ(findPatternAttr("root")->Attr, PatternAttr::Root);
  EXPECT_EQ(findPatternAttrByJSONKey("root_module")->Attr, PatternAttr::Root);
  EXPECT_EQ(findPatternAttr("root_module"), nullptr);
  EXPECT_EQ(findPatternAttr(""), nullptr);
  EXPECT_EQ(findPatternAttrByJSONKey(""), nullptr);
  // to_dict() order: the simple pattern first, the complex one last.
  EXPECT_EQ(PatternAttrs[0].Attr, PatternAttr::Pattern);
  EXPECT_EQ(patternAttrInfo(PatternAttr::Fuser).PySetter,
            std::string("set_fuser_method"));
}

} // namespace
