//===- bpat/Runtime/PatternAttr.h - BackendPatternConfig fields -*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The fields of PyTorch's BackendPatternConfig and their spellings (.bpat
/// key, to_dict() key, Python setter, runtime field), from PatternAttrs.def.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_PATTERNATTR_H
#define BPAT_RUNTIME_PATTERNATTR_H

#include "bpat/Runtime/detail/Vocabulary.h"

#include <cstddef>
#include <string_view>

namespace bpat::rt {

/// A field of BackendPatternConfig, or a .bpat-only pattern attribute.
enum class PatternAttr : unsigned char {
#define BPAT_PATTERN_ATTR(Enumerator, Key, JSONKey, PySetter, RuntimeField,    \
                          InTorch1_13, InTorch2)                               \
  Enumerator,
#include "bpat/Runtime/PatternAttrs.def"
};

/// One row of PatternAttrs.def; an empty string means "none".
struct PatternAttrInfo {
  PatternAttr attr;
  /// The .bpat attribute key, e.g. "root".
  const char *key;
  /// The to_dict() key, e.g. "root_module".
  const char *jsonKey;
  /// The Python setter, e.g. "set_root_module".
  const char *pySetter;
  /// The member of BackendPatternConfig, e.g. "RootModule".
  const char *runtimeField;
  bool inTorch113;
  bool inTorch2;
};

/// Every field, in to_dict() order, then the .bpat-only attributes.
inline constexpr PatternAttrInfo patternAttrs[] = {
#define BPAT_PATTERN_ATTR(Enumerator, Key, JSONKey, PySetter, RuntimeField,    \
                          InTorch1_13, InTorch2)                               \
  {PatternAttr::Enumerator,                                                    \
   Key,                                                                        \
   JSONKey,                                                                    \
   PySetter,                                                                   \
   RuntimeField,                                                               \
   InTorch1_13,                                                                \
   InTorch2},
#include "bpat/Runtime/PatternAttrs.def"
};

constexpr const PatternAttrInfo &patternAttrInfo(PatternAttr a) {
  return patternAttrs[static_cast<size_t>(a)];
}

/// The attribute a .bpat file writes as \p key, or null.
constexpr const PatternAttrInfo *findPatternAttr(std::string_view key) {
  return detail::findRow(patternAttrs, &PatternAttrInfo::key, key);
}

/// The field to_dict() writes as \p jSONKey, or null.
constexpr const PatternAttrInfo *
findPatternAttrByJSONKey(std::string_view jsonKey) {
  return detail::findRow(patternAttrs, &PatternAttrInfo::jsonKey, jsonKey);
}

} // namespace bpat::rt

#endif // BPAT_RUNTIME_PATTERNATTR_H
