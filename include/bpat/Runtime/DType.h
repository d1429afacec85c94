//===- bpat/Runtime/DType.h - dtypes and their constraints ------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `DTypeWithConstraints` and `DTypeConfig`, as in PyTorch's backend config.
/// Numbers remember whether they were written as integers or floats.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_DTYPE_H
#define BPAT_RUNTIME_DTYPE_H

#include "bpat/Runtime/detail/Vocabulary.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bpat::rt {

/// A constraint value: an integer or a float, kept apart like Python's int and
/// float so that `0` and `0.0` print differently.
struct Number {
  bool isInt = true;
  int64_t intValue = 0;
  double floatValue = 0.0;

  static Number integer(int64_t v) { return Number{true, v, 0.0}; }
  static Number floating(double v) { return Number{false, 0, v}; }
  /// The value as a double, whatever its kind.
  double asDouble() const {
    return isInt ? static_cast<double>(intValue) : floatValue;
  }

  friend bool operator==(const Number &a, const Number &b) {
    return a.isInt == b.isInt &&
           (a.isInt ? a.intValue == b.intValue : a.floatValue == b.floatValue);
  }
  friend bool operator!=(const Number &a, const Number &b) { return !(a == b); }
};

/// A dtype name ("torch.quint8"; empty means None) with optional constraints:
/// quantMinLowerBound, quantMaxUpperBound, scaleMinLowerBound,
/// scaleMaxUpperBound, scaleExactMatch, zeroPointExactMatch
/// (DTypeConstraints.def).
struct DTypeWithConstraints {
  std::string dtype;
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  std::optional<Number> Member;
#include "bpat/Runtime/DTypeConstraints.def"

  friend bool operator==(const DTypeWithConstraints &A,
                         const DTypeWithConstraints &B) {
    bool Equal = A.dtype == B.dtype;
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  Equal = Equal && A.Member == B.Member;
#include "bpat/Runtime/DTypeConstraints.def"
    return Equal;
  }
};

/// One row of DTypeConstraints.def.
struct DTypeConstraintInfo {
  /// The member of DTypeWithConstraints, e.g. "scaleExactMatch".
  const char *field;
  /// PyTorch's name, e.g. "scale_exact_match".
  const char *name;
  /// Whether PyTorch 1.13.1 has it.
  bool inTorch113;
};

/// Every constraint, in PyTorch's order.
inline constexpr DTypeConstraintInfo dtypeConstraints[] = {
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  {#Member, Name, InTorch1_13},
#include "bpat/Runtime/DTypeConstraints.def"
};

/// The constraint PyTorch calls \p name, or null.
constexpr const DTypeConstraintInfo *
findDTypeConstraint(std::string_view name) {
  return detail::findRow(dtypeConstraints, &DTypeConstraintInfo::name, name);
}

/// A field of DTypeConfig (DTypeConfigFields.def).
enum class DTypeConfigField : unsigned char {
#define BPAT_DTYPE_CONFIG_FIELD(Field, Member, Key, Name) Field,
#include "bpat/Runtime/DTypeConfigFields.def"
};

/// One row of DTypeConfigFields.def.
struct DTypeConfigFieldInfo {
  DTypeConfigField field;
  /// The member of DTypeConfig, e.g. "input".
  const char *member;
  /// The .bpat key, e.g. "input".
  const char *key;
  /// PyTorch's name, e.g. "input_dtype".
  const char *name;
};

/// Every field, in PyTorch's order.
inline constexpr DTypeConfigFieldInfo dtypeConfigFields[] = {
#define BPAT_DTYPE_CONFIG_FIELD(Field, Member, Key, Name)                      \
  {DTypeConfigField::Field, #Member, Key, Name},
#include "bpat/Runtime/DTypeConfigFields.def"
};

constexpr const DTypeConfigFieldInfo &dtypeConfigFieldInfo(DTypeConfigField f) {
  return dtypeConfigFields[static_cast<size_t>(f)];
}

/// The field a .bpat `dtype_config` block writes as \p key, or null.
constexpr const DTypeConfigFieldInfo *
findDTypeConfigField(std::string_view key) {
  return detail::findRow(dtypeConfigFields, &DTypeConfigFieldInfo::key, key);
}

/// The field PyTorch calls \p name (a to_dict() key), or null.
constexpr const DTypeConfigFieldInfo *
findDTypeConfigFieldByName(std::string_view name) {
  return detail::findRow(dtypeConfigFields, &DTypeConfigFieldInfo::name, name);
}

/// One supported dtype combination of a pattern (fields as in
/// DTypeConfigFields.def).
struct DTypeConfig {
  std::optional<DTypeWithConstraints> input;
  std::optional<DTypeWithConstraints> output;
  std::optional<DTypeWithConstraints> weight;
  std::optional<std::string> bias;
  std::optional<bool> isDynamic;

  friend bool operator==(const DTypeConfig &a, const DTypeConfig &b) {
    return a.input == b.input && a.output == b.output && a.weight == b.weight &&
           a.bias == b.bias && a.isDynamic == b.isDynamic;
  }
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_DTYPE_H
