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

#include <cstdint>
#include <optional>
#include <string>

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

/// A dtype name ("torch.quint8"; empty means None) with optional constraints.
struct DTypeWithConstraints {
  std::string DType;
  std::optional<Number> QuantMinLowerBound;
  std::optional<Number> QuantMaxUpperBound;
  std::optional<Number> ScaleMinLowerBound;
  std::optional<Number> ScaleMaxUpperBound;
  std::optional<Number> ScaleExactMatch;
  std::optional<Number> ZeroPointExactMatch;

  friend bool operator==(const DTypeWithConstraints &A,
                         const DTypeWithConstraints &B) {
    return A.DType == B.DType && A.QuantMinLowerBound == B.QuantMinLowerBound &&
           A.QuantMaxUpperBound == B.QuantMaxUpperBound &&
           A.ScaleMinLowerBound == B.ScaleMinLowerBound &&
           A.ScaleMaxUpperBound == B.ScaleMaxUpperBound &&
           A.ScaleExactMatch == B.ScaleExactMatch &&
           A.ZeroPointExactMatch == B.ZeroPointExactMatch;
  }
};

/// One supported dtype combination of a pattern.
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
