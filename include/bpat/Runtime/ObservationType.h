//===- bpat/Runtime/ObservationType.h - How a pattern is observed -*- C++ -*-=//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// PyTorch's `ObservationType` enum and its spellings, from
/// ObservationType.def. bpatc's IR uses this enum too.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_OBSERVATIONTYPE_H
#define BPAT_RUNTIME_OBSERVATIONTYPE_H

#include "bpat/Runtime/detail/Vocabulary.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace bpat::rt {

/// How observers are inserted for a matched pattern (values as in PyTorch).
enum class ObservationType : unsigned char {
#define BPAT_OBSERVATION_TYPE(Enumerator, BPatName, PythonName) Enumerator,
#include "bpat/Runtime/ObservationType.def"
};

/// One row of ObservationType.def.
struct ObservationTypeInfo {
  ObservationType type;
  /// The C++ enumerator, e.g. "OutputShareObserverWithInput".
  const char *enumerator;
  /// The .bpat spelling, e.g. "output_share_observer_with_input".
  const char *bPatName;
  /// PyTorch's member, e.g. "OUTPUT_SHARE_OBSERVER_WITH_INPUT".
  const char *pythonName;
};

/// Every observation type, in value order.
inline constexpr ObservationTypeInfo observationTypes[] = {
#define BPAT_OBSERVATION_TYPE(Enumerator, BPatName, PythonName)                \
  {ObservationType::Enumerator, #Enumerator, BPatName, PythonName},
#include "bpat/Runtime/ObservationType.def"
};

constexpr const ObservationTypeInfo &observationTypeInfo(ObservationType t) {
  return observationTypes[static_cast<size_t>(t)];
}

/// Returns the Python name, e.g. "OUTPUT_SHARE_OBSERVER_WITH_INPUT".
inline std::string_view observationTypeName(ObservationType t) {
  return observationTypeInfo(t).pythonName;
}

/// The observation type a .bpat file spells \p bPatName, or null.
constexpr const ObservationTypeInfo *
findObservationType(std::string_view bPatName) {
  return detail::findRow(observationTypes, &ObservationTypeInfo::bPatName,
                         bPatName);
}

/// The observation type whose Python member is \p pythonName (without the
/// "ObservationType." prefix), or null.
constexpr const ObservationTypeInfo *
findObservationTypeByPythonName(std::string_view pythonName) {
  return detail::findRow(observationTypes, &ObservationTypeInfo::pythonName,
                         pythonName);
}

/// How BackendConfig.to_dict() writes an observation type: `str()` of the
/// Python member, "ObservationType.OUTPUT_SHARE_OBSERVER_WITH_INPUT".
inline constexpr std::string_view observationTypeDictPrefix =
    "ObservationType.";
inline std::string observationTypeDictName(ObservationType type) {
  return std::string(observationTypeDictPrefix) +
         observationTypeInfo(type).pythonName;
}

/// The observation type to_dict() writes as \p text, or null.
constexpr const ObservationTypeInfo *
findObservationTypeByDictName(std::string_view text) {
  if (text.substr(0, observationTypeDictPrefix.size()) !=
      observationTypeDictPrefix)
    return nullptr;
  return findObservationTypeByPythonName(
      text.substr(observationTypeDictPrefix.size()));
}

} // namespace bpat::rt

#endif // BPAT_RUNTIME_OBSERVATIONTYPE_H
