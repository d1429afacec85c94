//===- bpat/Runtime/detail/Vocabulary.h - Looking up table rows -*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The one lookup every vocabulary table (ObservationType.def, OpKind.def,
/// PatternAttrs.def) is searched with: the row whose given column spells a
/// name. An empty column never matches.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_DETAIL_VOCABULARY_H
#define BPAT_RUNTIME_DETAIL_VOCABULARY_H

#include <cstddef>
#include <string_view>

namespace bpat::rt::detail {

/// The row of \p table whose column \p column is \p name, or null.
template <typename Row, size_t N>
constexpr const Row *findRow(const Row (&table)[N],
                             const char *const Row::*column,
                             std::string_view name) {
  for (const Row &r : table)
    if (*(r.*column) != '\0' && name == r.*column)
      return &r;
  return nullptr;
}

} // namespace bpat::rt::detail

#endif // BPAT_RUNTIME_DETAIL_VOCABULARY_H
