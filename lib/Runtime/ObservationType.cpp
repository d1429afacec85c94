//===- ObservationType.cpp - ObservationType names ------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/ObservationType.h"

namespace bpat::rt {

std::string_view observationTypeName(ObservationType T) {
  switch (T) {
  case ObservationType::OutputUseDifferentObserverAsInput:
    return "OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT";
  case ObservationType::OutputShareObserverWithInput:
    return "OUTPUT_SHARE_OBSERVER_WITH_INPUT";
  case ObservationType::InputOutputNotObserved:
    return "INPUT_OUTPUT_NOT_OBSERVED";
  }
  return "";
}

} // namespace bpat::rt
