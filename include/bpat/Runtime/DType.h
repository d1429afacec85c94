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
  bool IsInt = true;
  int64_t Int = 0;
  double Float = 0.0;

  static Number integer(int64_t V) { return Number{true, V, 0.0}; }
  static Number floating(double V) { return Number{false, 0, V}; }
  /// The value as a double, whatever its kind.
  double asDouble() const { return IsInt ? static_cast<double>(Int) : Float; }

  friend bool operator==(const Number &A, const Number &B) {
    return A.IsInt == B.IsInt &&
           (A.IsInt ? A.Int == B.Int : A.Float == B.Float);
  }
  friend bool operator!=(const Number &A, const Number &B) { return !(A == B); }
};

/// A dtype name ("torch.quint8"; empty means None) with optional constraints:
/// quantMinLowerBound, quantMaxUpperBound, scaleMinLowerBound,
/// scaleMaxUpperBound, scaleExactMatch, zeroPointExactMatch
/// (DTypeConstraints.def).
struct DTypeWithConstraints {
  std::string DType;
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  std::optional<Number> Member;
#include "bpat/Runtime/DTypeConstraints.def"

  friend bool operator==(const DTypeWithConstraints &A,
                         const DTypeWithConstraints &B) {
    bool Equal = A.DType == B.DType;
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  Equal = Equal && A.Member == B.Member;
#include "bpat/Runtime/DTypeConstraints.def"
    return Equal;
  }
};

/// One row of DTypeConstraints.def.
struct DTypeConstraintInfo {
  /// The member of DTypeWithConstraints, e.g. "scaleExactMatch".
  const char *Field;
  /// PyTorch's name, e.g. "scale_exact_match".
  const char *Name;
  /// Whether PyTorch 1.13.1 has it.
  bool InTorch1_13;
};

/// Every constraint, in PyTorch's order.
inline constexpr DTypeConstraintInfo DTypeConstraints[] = {
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  {#Member, Name, InTorch1_13},
#include "bpat/Runtime/DTypeConstraints.def"
};

/// The constraint PyTorch calls \p Name, or null.
constexpr const DTypeConstraintInfo *
findDTypeConstraint(std::string_view Name) {
  return detail::findRow(DTypeConstraints, &DTypeConstraintInfo::Name, Name);
}

/// A field of DTypeConfig (DTypeConfigFields.def).
enum class DTypeConfigField : unsigned char {
#define BPAT_DTYPE_CONFIG_FIELD(Field, Member, Key, Name) Field,
#include "bpat/Runtime/DTypeConfigFields.def"
};

/// One row of DTypeConfigFields.def.
struct DTypeConfigFieldInfo {
  DTypeConfigField Field;
  /// The member of DTypeConfig, e.g. "input".
  const char *Member;
  /// The .bpat key, e.g. "input".
  const char *Key;
  /// PyTorch's name, e.g. "input_dtype".
  const char *Name;
};

/// Every field, in PyTorch's order.
inline constexpr DTypeConfigFieldInfo DTypeConfigFields[] = {
#define BPAT_DTYPE_CONFIG_FIELD(Field, Member, Key, Name)                      \
  {DTypeConfigField::Field, #Member, Key, Name},
#include "bpat/Runtime/DTypeConfigFields.def"
};

constexpr const DTypeConfigFieldInfo &dtypeConfigFieldInfo(DTypeConfigField F) {
  return DTypeConfigFields[static_cast<size_t>(F)];
}

/// The field a .bpat `dtype_config` block writes as \p Key, or null.
constexpr const DTypeConfigFieldInfo *
findDTypeConfigField(std::string_view Key) {
  return detail::findRow(DTypeConfigFields, &DTypeConfigFieldInfo::Key, Key);
}

/// The field PyTorch calls \p Name (a to_dict() key), or null.
constexpr const DTypeConfigFieldInfo *
findDTypeConfigFieldByName(std::string_view Name) {
  return detail::findRow(DTypeConfigFields, &DTypeConfigFieldInfo::Name, Name);
}

/// One supported dtype combination of a pattern (fields as in
/// DTypeConfigFields.def).
struct DTypeConfig {
  std::optional<DTypeWithConstraints> Input;
  std::optional<DTypeWithConstraints> Output;
  std::optional<DTypeWithConstraints> Weight;
  std::optional<std::string> Bias;
  std::optional<bool> IsDynamic;

  friend bool operator==(const DTypeConfig &A, const DTypeConfig &B) {
    return A.Input == B.Input && A.Output == B.Output && A.Weight == B.Weight &&
           A.Bias == B.Bias && A.IsDynamic == B.IsDynamic;
  }
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_DTYPE_H
