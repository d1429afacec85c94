//===- bpat/Runtime/ObservationType.h - How a pattern is observed -*- C++
//-*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// PyTorch's `ObservationType` enum.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_OBSERVATIONTYPE_H
#define BPAT_RUNTIME_OBSERVATIONTYPE_H

#include <string_view>

namespace bpat::rt {

/// How observers are inserted for a matched pattern (values as in PyTorch).
enum class ObservationType : unsigned char {
  /// Input and output use different observers (the default).
  OutputUseDifferentObserverAsInput = 0,
  /// The output shares the input's observer (cat, maxpool).
  OutputShareObserverWithInput = 1,
  /// Neither input nor output is observed (shape, size; PyTorch > 1.13).
  InputOutputNotObserved = 2,
};

/// Returns the Python name, e.g. "OUTPUT_SHARE_OBSERVER_WITH_INPUT".
std::string_view observationTypeName(ObservationType T);

} // namespace bpat::rt

#endif // BPAT_RUNTIME_OBSERVATIONTYPE_H
